"""Three years of inspections and hazards, day by day, each hazard with its whole lifecycle.

The walk is a pure function of the seed: every phase (inspections, hazards, the audit record) runs
it again and keeps what it writes, so no phase holds millions of rows in memory. Ids follow time:
inspections by their start, hazards by the moment they were found; a hazard's history holds the
steps of the product's lifecycle (hazards.choices.TRANSITIONS) that happened before `now`.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .enterprises import Registry
from .world import CST, World, local_dt, person

DAY = 86400
KINDS = [("self", 35), ("enforcement", 20), ("patrol", 15), ("spot_check", 10), ("look_back", 6)]
KINDS += [("expert", 8), ("interview", 6)]
METHODS = {
    "enforcement": [("double_random", 40), ("planned", 40), ("unannounced", 20)],
    "patrol": [("unannounced", 50), ("planned", 50)],
    "spot_check": [("undercover", 30), ("unannounced", 40), ("double_random", 30)],
}
GENERAL = [
    "安全警示标志缺失或设置不规范", "消防通道被杂物堵塞", "灭火器压力不足未及时更换", "配电箱未上锁且无漏电保护",
    "安全生产责任制未逐级签订", "员工三级安全教育培训记录不全", "应急预案未按规定组织演练", "特种作业人员证件过期",
    "有限空间作业未执行先通风、再检测、后作业", "机械设备防护罩缺失", "临时用电线路私拉乱接", "劳动防护用品配备不足",
    "危险化学品储存未分类分区", "隐患排查治理台账记录不完整", "叉车未定期检验", "安全出口指示标志损坏",
    "粉尘清扫制度未落实，积尘较多", "气瓶未采取防倾倒措施", "员工宿舍与生产车间未有效分隔", "动火作业审批手续不全",
]  # fmt: skip
MAJOR = [
    "涉爆粉尘除尘系统未设置锁气卸灰装置", "危险化学品储罐区可燃气体报警装置失效", "生产车间与员工宿舍设置在同一建筑物内",
    "有限空间作业未审批且无监护人", "燃气管道穿越人员密集场所且无防护", "建筑施工高支模未经专家论证即施工",
]  # fmt: skip
LOCATIONS = ["生产车间", "仓库", "配电房", "储罐区", "锅炉房", "办公楼", "厂区道路", "有限空间作业点", "除尘系统"]
MEASURES = [
    "立即停止相关作业，制定整改方案，落实资金和责任人，限期整改到位。",
    "更换、补齐相关设施，完善管理制度并组织培训。",
]
LEVEL_RANK = {"county": 0, "city": 1, "province": 2}


@dataclass(slots=True)
class Inspection:
    id: int
    eid: int
    kind: str
    method: str
    status: str
    agency: int | None
    inspectors: tuple[int, ...]
    campaign: int | None
    planned: tuple[date, date]
    start: datetime | None
    end: datetime | None
    reviewed: tuple[datetime, int] | None
    doc: str
    found: int
    interview: tuple[str, str]


@dataclass(slots=True)
class Step:
    at: datetime
    action: str
    from_state: str
    to_state: str
    changes: dict
    actor: int | None
    actor_name: str
    reason: str = ""


@dataclass(slots=True)
class Hazard:
    id: int
    eid: int
    campaign: int | None
    inspection: int | None
    source: str
    description: str
    location: str
    level: str
    category: str
    found_by: int | None
    found_at: datetime
    steps: list[Step] = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # the state after the steps: status, 五定 …


class Walk:
    """Inspections and hazards of `days` days up to `today`, `hazards` hazards in all."""

    def __init__(self, *, seed: int, hazards: int, today: date, world: World, registry: Registry) -> None:
        self.seed, self.total, self.today, self.world, self.registry = seed, hazards, today, world, registry
        self.start = today - timedelta(days=3 * 365)
        self.now = local_dt(today, 0)
        self.names = {pk: name for staff in world.inspectors.values() for pk, name in staff}
        self.names.update(dict(world.leaders.values()))

    def quotas(self) -> list[int]:
        """Hazards found each day: fewer at weekends, more in the campaigns' busy months, growing."""
        days = (self.today - self.start).days
        weights = []
        for i in range(days):
            day = self.start + timedelta(days=i)
            w = (1, 1, 1, 1, 1, 0.35, 0.2)[day.weekday()] * (0.8 + 0.4 * i / days)
            weights.append(w * (1.15 if day.month in (3, 4, 5, 6, 9, 10, 11) else 1.0))
        cum = list(itertools.accumulate(weights))
        marks = [round(self.total * c / cum[-1]) for c in cum]
        return [b - a for a, b in zip([0, *marks], marks, strict=False)]

    def __iter__(self) -> Iterator[Inspection | Hazard]:
        rng = random.Random(f"{self.seed}:walk")
        next_inspection, next_hazard = 1, 1
        for i, quota in enumerate(self.quotas()):
            day = self.start + timedelta(days=i)
            inspections, loose = [], []
            while quota > 0:
                if rng.random() < 0.10:
                    loose.append((rng.randint(7 * 3600, 22 * 3600), self.registry.pick(rng)))
                    quota -= 1
                    continue
                k = min(1 + int(rng.expovariate(0.45)), 15, quota)
                quota -= k
                inspections.append(self._inspection(rng, day, k))
                if rng.random() < 0.45:
                    inspections.append(self._inspection(rng, day, 0))
            inspections.sort(key=lambda x: x.start)
            found = []
            for insp in inspections:
                insp.id, next_inspection = next_inspection, next_inspection + 1
                yield insp
                found.extend((insp.end + timedelta(seconds=j), insp.eid, insp) for j in range(insp.found))
            found.extend((local_dt(day, sec), eid, None) for sec, eid in loose)
            found.sort(key=lambda f: f[0])
            for at, eid, insp in found:
                hazard = self._hazard(rng, at, eid, insp)
                hazard.id, next_hazard = next_hazard, next_hazard + 1
                yield hazard
        # Still under way yesterday, and planned for the coming weeks: no hazards yet.
        yesterday = self.today - timedelta(days=1)
        for j in range(max(1, next_inspection // 400)):
            future = j % 3 != 0
            insp = self._inspection(rng, self.today + timedelta(days=j % 30 + 1) if future else yesterday, 0)
            insp.id, next_inspection = next_inspection, next_inspection + 1
            insp.status = "planned" if future else "in_progress"
            insp.start = None if future else insp.start
            insp.end = insp.reviewed = None
            yield insp

    def _inspection(self, rng: random.Random, day: date, found: int) -> Inspection:
        eid = self.registry.pick(rng)
        leaf = self.world.leaves[self.registry.leaf[eid - 1]]
        kind = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0][0]
        method = (
            rng.choices(METHODS[kind], weights=[m[1] for m in METHODS[kind]])[0][0] if kind in METHODS else "planned"
        )
        world = self.world
        if kind == "self":
            agency = None
        elif kind == "spot_check" or rng.random() < 0.1:
            agency = world.province_agency if rng.random() < 0.2 else world.city_agency[world.county_city[leaf.county]]
        else:
            agency = world.county_agency[leaf.county]
        first = rng.randrange(3)
        staff = world.inspectors[agency] if agency else []
        inspectors = (staff[first][0], staff[(first + 1) % 3][0]) if staff else ()
        r = rng.random()
        campaign = None
        if (agency and r < 0.7) or r < 0.3:
            campaign = world.campaign_for(day, leaf.county, city_level=agency is not None and r < 0.3)
        start = local_dt(day, rng.randint(8 * 3600 + 1800, 15 * 3600 + 1800))
        end = start + timedelta(seconds=rng.randint(3600, 3 * 3600))
        planned_start = day - timedelta(days=rng.randint(0, 10))
        reviewed = None
        review_at = end + timedelta(days=rng.randint(1, 5), seconds=rng.randint(0, 6 * 3600))
        if agency and rng.random() < 0.85 and review_at < self.now:
            reviewed = (review_at, world.leaders[agency][0])
        return Inspection(
            id=0,
            eid=eid,
            kind=kind,
            method=method,
            status="reviewed" if reviewed else "submitted",
            agency=agency,
            inspectors=inspectors,
            campaign=campaign,
            planned=(planned_start, planned_start + timedelta(days=rng.randint(0, 5) + (day - planned_start).days)),
            start=start,
            end=end,
            reviewed=reviewed,
            doc=f"桂应急检〔{day.year}〕{rng.randint(1, 9999)}号" if kind in ("enforcement", "spot_check") else "",
            found=found,
            interview=(person(eid * 3), "主要负责人") if kind == "interview" else ("", ""),
        )

    def _hazard(self, rng: random.Random, at: datetime, eid: int, insp: Inspection | None) -> Hazard:
        major = rng.random() < 0.03
        if insp is not None:
            source = "inspection" if rng.random() < 0.85 else "finding"
        else:
            source = "self_report" if rng.random() < 0.8 else "public_report"
        hazard = Hazard(
            id=0,
            eid=eid,
            campaign=insp.campaign if insp else None,
            inspection=insp.id if insp else None,
            source=source,
            description=rng.choice(MAJOR if major else GENERAL),
            location=rng.choice(LOCATIONS),
            level="major" if major else "general",
            category="basic" if rng.random() < 0.35 else "site",
            found_by=insp.inspectors[0] if insp and insp.inspectors else None,
            found_at=at,
        )
        self._lifecycle(rng, hazard, insp)
        return hazard

    def _lifecycle(self, rng: random.Random, h: Hazard, insp: Inspection | None) -> None:
        """The hazard's steps in the product's order, and its fields as they stand at `now`."""
        world = self.world
        county = world.leaves[self.registry.leaf[h.eid - 1]].county
        county_agency = world.county_agency[county]
        official = (h.found_by, self.names[h.found_by]) if h.found_by else world.inspectors[county_agency][0]
        enterprise = (None, person(h.eid * 3 + 1))
        closer = official if h.found_by or h.level == "major" else enterprise
        plan: list[tuple[int, str, str | None, dict, tuple, str]] = []  # (seconds after found, action, to …)
        found_day = (h.found_at + CST).date()
        acceptor = person(h.eid * 3 + 2)
        five = {
            "responsible_person": person(h.eid * 3),
            "measures": rng.choice(MEASURES),
            "executor": person(h.eid * 3 + 1),
            "acceptor": acceptor,
        }
        if h.level == "major":
            funds = rng.randint(5, 200) * 1000
            t_plan = rng.randint(DAY, 5 * DAY)
            reported = (found_day + timedelta(days=t_plan // DAY)).isoformat()
            plan.append((t_plan, "record_major_plan", None, {
                "responsibility": "企业主要负责人为第一责任人，分管负责人具体落实",
                "funds_planned": f"{funds}.00",
                "contingency_plan": "已制定专项应急预案并组织演练",
                "reported_to_department_on": reported,
                "reported_to_congress_on": reported,
            }, enterprise, ""))  # fmt: skip
            supervisor = world.leaders[county_agency]
            if rng.random() < 0.3:
                level = rng.choices(["county", "city", "province"], weights=[3, 6, 1])[0]
                agency = {"county": county_agency, "city": world.city_agency[world.county_city[county]]}.get(
                    level, world.province_agency
                )
                t_list = rng.randint(2 * DAY, 10 * DAY)
                supervisor = world.leaders[agency]
                plan.append((t_list, "list_for_supervision", None, {
                    "listed_level": level,
                    "listed_doc_number": f"桂安委办督〔{found_day.year}〕{rng.randint(1, 300)}号",
                    "listed_on": (found_day + timedelta(days=t_list // DAY)).isoformat(),
                    "listed_by": world.agency_names[agency],
                    "_agency": agency,
                }, supervisor, ""))  # fmt: skip
            t = t_plan + rng.randint(DAY, 7 * DAY)
            days = rng.choice([60, 90, 120, 180])
            stuck, closer = rng.random() < 0.12, supervisor
            lo, hi = 0.3, 1.1
        elif insp is not None and rng.random() < 0.3:
            t = rng.randint(1800, 2 * DAY)
            plan.append((t, "rectify_immediately", "awaiting_acceptance",
                         {"rectified_immediately": True, "acceptor": acceptor}, enterprise, "已当场整改完毕。"))  # fmt: skip
            plan.append((t + rng.randint(DAY // 2, 5 * DAY), "accept", "closed", {}, closer, ""))
            days = None
        else:
            t = rng.randint(2 * 3600, 3 * DAY)
            days = rng.choice([7, 15, 15, 30, 30, 60])
            stuck = rng.random() < 0.03
            lo, hi = 0.2, 1.15
        if days is not None:
            assign = dict(five, deadline=(found_day + timedelta(days=days)).isoformat())
            plan.append((t, "assign", "rectifying", assign, official if rng.random() < 0.3 else enterprise, ""))
            if not stuck:
                t += int(days * DAY * rng.uniform(lo, hi))
                spent = {"funds_spent": f"{rng.randint(2, 400) * 100}.00"} if rng.random() < 0.6 else {}
                note = "已按整改措施完成整改，附整改后照片。"
                plan.append((t, "submit_rectification", "awaiting_acceptance", spent, enterprise, note))
                if rng.random() < 0.05:
                    t += rng.randint(DAY, 5 * DAY)
                    plan.append((t, "reject", "rectifying", {}, closer, "整改不到位，请重新整改。"))
                    t += rng.randint(3 * DAY, 15 * DAY)
                    plan.append((t, "submit_rectification", "awaiting_acceptance", {}, enterprise, note))
                plan.append((t + rng.randint(DAY // 2, 7 * DAY), "accept", "closed", {}, closer, ""))
        self._apply(h, sorted(plan, key=lambda p: p[0]))

    def _apply(self, h: Hazard, plan) -> None:
        state = "reported"
        f = {"status": state, "version": 1, "closed_at": None, "funds_spent": None, "listed_by_id": None}
        h.steps.append(
            Step(h.found_at, "report", "", state,
                 {"level": h.level, "source": h.source, "description": h.description},
                 h.found_by, self.names[h.found_by] if h.found_by else person(h.eid * 3 + 1))
        )  # fmt: skip
        for offset, action, target, changes, (actor, actor_name), reason in plan:
            at = h.found_at + timedelta(seconds=offset)
            if at >= self.now:
                break
            changes = dict(changes)
            listed_by = changes.pop("_agency", None)
            previous, state = state, target or state
            h.steps.append(Step(at, action, previous, state, changes, actor, actor_name, reason))
            f.update(changes)
            if listed_by:
                f["listed_by_id"] = listed_by
            if action == "submit_rectification" and changes:
                f["funds_spent"] = changes["funds_spent"]
            if action == "accept":
                f["closed_at"] = at
            f["status"], f["version"] = state, f["version"] + 1
        h.fields = f
