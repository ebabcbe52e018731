"""The frame of the generated province: regions down to townships and grids, the emergency-management
bureaus with their officials, the campaigns of each year with their report requirements and the
submissions of the units (some on time, some late, some missing)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection

from accounts.demo import AGENCIES as DEMO_AGENCIES
from accounts.models import Agency, User
from campaigns.models import Campaign, Phase, ReportRequirement
from campaigns.services.submissions import due_periods, lower_agencies
from core.models import Region

PROVINCE = "450000"
#: The demo's counties of 广西 (core.reference): extra townships and grids are generated under them.
COUNTIES = ["450102", "450103", "450202", "450203"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁韦覃莫蓝陆潘农黎廖"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华"]
GIVEN += ["志强", "海燕", "丽娟", "国华", "文斌", "晓雯", "振宇", "红梅", "建明", "玉兰", "德胜", "春生"]
STEMS = ["城东", "城西", "城南", "城北", "江南", "江北", "新兴", "长塘", "五塘", "昆仑", "沙井", "那洪"]
STEMS += ["石埠", "心圩", "安吉", "华强", "仙葫", "南阳", "伶俐", "长塘", "坛洛", "金陵", "双定", "吴圩"]
STEMS += ["苏圩", "延安", "那楼", "百济", "雒容", "洛埠", "进德", "拉堡", "洛满", "流山", "穿山", "三都"]
STEMS += ["里高", "白沙", "大埔", "龙头", "和睦", "太平", "福塘", "中渡", "黄冕", "鹿寨", "江口", "四排"]
#: Local time of the generated data (China keeps +08:00 all year).
CST = timedelta(hours=8)


def person(k: int) -> str:
    """A plausible Chinese name, the same for the same number."""
    return SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES)) % len(GIVEN)]


def local_dt(day: date, seconds: int) -> datetime:
    """`seconds` after local midnight of `day`, as an aware UTC datetime (as the database answers)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - CST + timedelta(seconds=seconds)


@dataclass
class Leaf:
    """A township or grid enterprises are placed in."""

    id: int
    code: str
    name: str
    path: str
    county: int  # index into COUNTIES
    weight: float


@dataclass
class World:
    leaves: list[Leaf]
    province_agency: int
    city_agency: dict[str, int]  # city code → agency id
    county_agency: list[int]  # by county index
    county_city: list[str]  # city code by county index
    agency_names: dict[int, str]
    inspectors: dict[int, list[tuple[int, str]]]  # agency id → [(user id, name)]
    leaders: dict[int, tuple[int, str]]
    campaigns: dict[int, int] = field(default_factory=dict)  # year → province campaign id
    plans: dict[tuple[int, str], int] = field(default_factory=dict)  # (year, city) → city plan id

    def campaign_for(self, day: date, county: int, city_level: bool) -> int | None:
        if city_level:
            return self.plans.get((day.year, self.county_city[county]))
        return self.campaigns.get(day.year)


def _insert_regions(rows: list[tuple[str, str, str, str, str, int]]) -> None:
    if not rows:
        return
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO core_region (code, name, path, level, grid_officer, parent_id)
            SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::bigint[])
            ON CONFLICT (code) DO NOTHING
            """,
            [list(col) for col in zip(*rows, strict=True)],
        )


def ensure_regions(enterprises: int) -> list[Leaf]:
    """Townships (and grids under them) enough for `enterprises`, generated under the demo's counties.

    About 8,000 enterprises per county make one township more (up to 40 a county), and about 800
    enterprises per township one grid more (up to 12 a township); the shape depends on the size
    only, so every seed shares it."""
    per_county = min(40, math.ceil(enterprises / 32000))
    counties = {r.code: r for r in Region.objects.filter(code__in=COUNTIES)}
    rows = []
    for ci, code in enumerate(COUNTIES):
        county = counties[code]
        existing = set(county.children.values_list("code", flat=True))
        need = per_county - len(existing)
        k = 0
        while need > 0:
            k += 1
            street = k % 2 == 1
            tcode = f"{code}{(k // 2 + 3 if street else k // 2 + 100):03d}"
            if tcode in existing:
                continue
            stem = STEMS[(ci * 11 + k) % len(STEMS)]
            name = f"{stem}{'街道' if street else '镇'}"
            rows.append((tcode, name, f"{county.path}{tcode}/", "township", "", county.pk))
            need -= 1
    _insert_regions(rows)
    towns = list(
        Region.objects.filter(level="township", parent__code__in=COUNTIES).select_related("parent").order_by("code")
    )
    grids_each = min(12, enterprises // (max(1, len(towns)) * 800))
    _insert_regions(
        [
            (f"{t.code}{g:03d}", f"{t.name}第{g}网格", f"{t.path}{t.code}{g:03d}/", "grid", person(t.pk * 13 + g), t.pk)
            for t in towns
            for g in range(1, grids_each + 1)
        ]
    )
    grids: dict[int, list[Region]] = {}
    for g in Region.objects.filter(level="grid", parent__in=towns).order_by("code"):
        grids.setdefault(g.parent_id, []).append(g)
    shape = random.Random("townships")  # urban townships hold more enterprises than rural ones
    leaves = []
    for t in towns:
        weight = shape.lognormvariate(0, 0.7)
        county = COUNTIES.index(t.parent.code)
        own = grids.get(t.pk, [])[:grids_each]
        leaves.append(Leaf(t.pk, t.code, t.name, t.path, county, weight * (0.4 if own else 1.0)))
        leaves.extend(Leaf(g.pk, g.code, g.name, g.path, county, weight * 0.6 / len(own)) for g in own)
    return leaves


def ensure_agencies(leaves: list[Leaf]) -> World:
    """The comprehensive emergency-management bureau of the province, each city and each county (the
    demo's names where the demo has one), with three inspectors and a leader each."""
    demo_names = {code: name for name, kind, code, comp, _i, _p in DEMO_AGENCIES if kind == "emergency" and comp}
    regions = {r.code: r for r in Region.objects.filter(code__in=[PROVINCE, "450100", "450200", *COUNTIES])}
    agencies: dict[str, Agency] = {}
    for code in [PROVINCE, "450100", "450200", *COUNTIES]:
        region = regions[code]
        parent = agencies.get(region.parent.code) if region.parent_id else None
        agency = Agency.objects.filter(region=region, comprehensive=True).order_by("id").first()
        if agency is None:
            agency = Agency.objects.create(
                region=region,
                name=demo_names.get(code, f"{region.name}应急管理局"),
                kind="emergency",
                comprehensive=True,
                parent=parent,
            )
        agencies[code] = agency
    inspectors, leaders = {}, {}
    for code, agency in agencies.items():
        staff = []
        for k, role in enumerate(["inspector", "inspector", "inspector", "leader"], start=1):
            username = f"scale_{code}_{k}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    display_name=person(int(code) // 100 + k * 7),
                    kind="official",
                    agency=agency,
                    role=role,
                    cert_number=f"GX{code}{k:02d}" if role == "inspector" else "",
                )
                user.set_unusable_password()
                user.save()
            staff.append((user.pk, user.display_name, role))
        inspectors[agency.pk] = [(pk, name) for pk, name, role in staff if role == "inspector"]
        leaders[agency.pk] = next((pk, name) for pk, name, role in staff if role == "leader")
    return World(
        leaves=leaves,
        province_agency=agencies[PROVINCE].pk,
        city_agency={c: agencies[c].pk for c in ("450100", "450200")},
        county_agency=[agencies[c].pk for c in COUNTIES],
        county_city=[c[:4] + "00" for c in COUNTIES],
        agency_names={a.pk: a.name for a in agencies.values()},
        inspectors=inspectors,
        leaders=leaders,
    )


def create_campaigns(world: World, start: date, today: date) -> None:
    """A province campaign each year of the period (monthly statistics form on the 23rd, a yearly
    summary) and each city's implementing plan (monthly report on the 20th from its counties)."""
    province = Region.objects.get(code=PROVINCE)
    cities = {r.code: r for r in Region.objects.filter(code__in=world.city_agency)}
    for year in range(start.year, today.year + 1):
        period = {"period_start": date(year, 1, 1), "period_end": date(year, 12, 31)}
        top = Campaign.objects.create(
            title=f"{year}年全区安全生产治本攻坚专项行动",
            doc_number=f"桂安委办〔{year}〕{3 + year % 7}号",
            issuer="广西壮族自治区安全生产委员会办公室",
            issue_date=date(year, 1, 8),
            kind="special",
            region=province,
            agency_id=world.province_agency,
            summary="全面排查整治各类重大事故隐患，推动隐患动态清零。",
            **period,
        )
        world.campaigns[year] = top.pk
        for order, (name, a, b) in enumerate(
            [("动员部署", (1, 1), (1, 31)), ("排查整治", (2, 1), (10, 31)), ("总结提升", (11, 1), (12, 31))]
        ):
            Phase.objects.create(campaign=top, order=order, name=name, start=date(year, *a), end=date(year, *b))
        ReportRequirement.objects.create(
            campaign=top, order=1, title="专项行动统计报表", recurrence="monthly", day_of_month=23,
            submitters="lower_agencies", stat_form="seed004",
        )  # fmt: skip
        ReportRequirement.objects.create(
            campaign=top, order=2, title="年度工作总结", recurrence="once", due_date=date(year, 12, 20),
            submitters="lower_agencies",
        )  # fmt: skip
        for code, region in cities.items():
            plan = Campaign.objects.create(
                title=f"{region.name}{year}年安全生产治本攻坚专项行动实施方案",
                doc_number=f"{region.name[:2]}安委办〔{year}〕{11 + year % 5}号",
                issuer=f"{region.name}安全生产委员会办公室",
                issue_date=date(year, 1, 20),
                kind="special",
                region=region,
                agency_id=world.city_agency[code],
                parent=top,
                **period,
            )
            world.plans[(year, code)] = plan.pk
            ReportRequirement.objects.create(
                campaign=plan, order=1, title="月度工作进展", recurrence="monthly", day_of_month=20,
                submitters="lower_agencies",
            )  # fmt: skip
    for year, pk in [*world.campaigns.items(), *((y, pk) for (y, _c), pk in world.plans.items())]:
        Campaign.objects.filter(pk=pk).update(created_at=local_dt(date(year, 1, 5), 9 * 3600))


def submission_rows(world: World, rng: random.Random, today: date, now: datetime) -> list[dict]:
    """Every due submission of every campaign's lower agencies, in (due date, unit) order."""
    rows = []
    requirements = ReportRequirement.objects.filter(campaign_id__in=[*world.campaigns.values(), *world.plans.values()])
    for requirement in requirements.select_related("campaign").order_by("id"):
        units = list(lower_agencies(requirement.campaign))
        for label, due in due_periods(requirement, until=today):
            for unit in units:
                r = rng.random()
                submitted = None
                if due <= today:
                    if r < 0.78:
                        submitted = local_dt(due, 0) - timedelta(seconds=rng.randint(3600, 5 * 86400))
                    elif r < 0.92:
                        submitted = local_dt(due, 0) + timedelta(seconds=rng.randint(86400, 10 * 86400))
                elif r < 0.4:
                    submitted = local_dt(due, 0) - timedelta(seconds=rng.randint(3 * 86400, 6 * 86400))
                if submitted is not None and submitted > now:
                    submitted = None
                leader = world.leaders.get(unit.pk)
                rows.append(
                    {
                        "requirement": requirement.pk,
                        "agency": unit.pk,
                        "path": unit.region.path,
                        "label": label,
                        "due": due,
                        "submitted": submitted,
                        "late": bool(submitted) and (submitted + CST).date() > due,
                        "by": leader if submitted and leader else None,
                        "created": min(local_dt(due, 0) - timedelta(days=25), now),
                    }
                )
    rows.sort(key=lambda s: (s["due"], s["agency"], s["requirement"]))
    return rows
