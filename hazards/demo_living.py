"""The living demo of hazards: the hazards the demo campaign's inspections found (inspections/
demo_living.py) move through their lifecycle at the dates they would have — 五定 the next day,
rectification with after-photos, acceptance or rejection — so that every state, level and month of
the last year is represented: most older hazards closed, recent ones rectifying (some overdue),
rectifications awaiting acceptance, a few just reported; and public reports (举报) verified,
dismissed and waiting.

Each hazard's course is drawn from DEMO_SEED and its own id, and only hazards still 已上报 are
moved, so running the loader again changes nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from core.demo import DEMO_SEED, demo_clock, demo_moment

from . import services
from .choices import HazardStatus

REJECT_REASON = "整改照片不能反映整改效果，请补充整改后的现场照片。"


def _target(age: int, rng: random.Random) -> str:
    """Where a hazard found `age` days ago stands today."""
    r = rng.random()
    if age > 120:
        table = [(0.85, "closed"), (0.9, "awaiting"), (1.0, "rectifying")]
    elif age > 45:
        table = [(0.6, "closed"), (0.75, "awaiting"), (0.95, "rectifying"), (1.0, "reported")]
    else:
        table = [(0.2, "closed"), (0.45, "awaiting"), (0.85, "rectifying"), (1.0, "reported")]
    return next(state for limit, state in table if r < limit)


def _at(days_ago: int, hour: int):
    return demo_clock(demo_moment(max(days_ago, 0), hour))


def _progress(hazard, *, official, enterprise_user, photo) -> None:
    rng = random.Random(f"{DEMO_SEED}:{hazard.pk}")
    today = timezone.localdate()
    age = (today - timezone.localtime(hazard.found_at).date()).days
    target = _target(age, rng)
    if target == "reported" or age < 2:
        return
    span = 90 if hazard.is_major else rng.choice([15, 30, 30, 45])
    deadline = today - timedelta(days=age) + timedelta(days=span)
    five = {
        "responsible_person": enterprise_user.display_name or "安全管理员",
        "executor": "设备部",
        "acceptor": official.display_name,
    }
    with _at(age - 1, 10):
        if hazard.is_major:
            hazard = services.hazard_record_major_plan(
                hazard=hazard,
                actor=enterprise_user,
                responsibility="主要负责人牵头，安全管理部督促落实",
                funds_planned=rng.choice([50000, 80000, 120000, 200000]),
                contingency_plan="专项应急预案及现场处置方案",
                reported_to_department_on=today - timedelta(days=age - 1),
                reported_to_congress_on=today - timedelta(days=age - 1),
            )
        measures = "立即整改，举一反三排查同类问题" if not hazard.is_major else "停用相关设施，制定整改方案，落实资金"
        hazard = services.hazard_assign(
            hazard=hazard, actor=enterprise_user, measures=measures, deadline=deadline, **five
        )
    if target == "rectifying":
        return
    # Submitted before the deadline (or the day before today for recent ones).
    submit_ago = max(1, age - rng.randint(3, max(4, span - 2)))
    rejected = target == "closed" and rng.random() < 0.12 and submit_ago > 6
    with _at(submit_ago, 15):
        hazard = services.hazard_submit_rectification(
            hazard=hazard,
            actor=enterprise_user,
            description="已按整改措施完成整改，附整改后照片。",
            photos=[photo(hazard.pk)],
            funds_spent=rng.choice([800, 1500, 3000, 12000]) if not hazard.is_major else rng.choice([60000, 110000]),
        )
    if rejected:
        with _at(submit_ago - 2, 10):
            hazard = services.hazard_reject(hazard=hazard, actor=official, reason=REJECT_REASON)
        submit_ago -= 4
        with _at(submit_ago, 16):
            hazard = services.hazard_submit_rectification(
                hazard=hazard,
                actor=enterprise_user,
                description="已补充整改后现场照片。",
                photos=[photo(hazard.pk + 100000)],
            )
    if target == "awaiting":
        return
    with _at(max(submit_ago - 2, 1), 11):
        services.hazard_accept(hazard=hazard, actor=official, note="经现场复核，整改到位，同意销号。")


def load_living_hazards(*, campaign, official) -> None:
    from enterprises.demo import enterprise_demo_user
    from inspections.demo_living import demo_photo

    from .models import Hazard

    def photo(seed: int):
        return demo_photo(f"after-{seed}.jpg", "after", seed=seed)

    reported = (
        Hazard.objects.filter(campaign=campaign, inspection__isnull=False, status=HazardStatus.REPORTED)
        .exclude(inspection__kind="self")
        .select_related("enterprise")
        .order_by("found_at", "id")
    )
    users = {}
    for hazard in reported:
        user = users.get(hazard.enterprise_id) or enterprise_demo_user(hazard.enterprise)
        users[hazard.enterprise_id] = user
        _progress(hazard, official=official, enterprise_user=user, photo=photo)


PUBLIC_REPORTS = [
    ("厂区围墙外有人夜间焚烧废旧油桶", "五一西路与友爱路交叉口", "verify"),
    ("仓库门口常年堆放液化气瓶，无人看管", "民生街道新华路28号", "dismiss"),
    ("工地塔吊作业时下方未设警戒区", "青秀区竹溪大道南段", "wait"),
    ("工厂车间粉尘很大，工人未戴防护用品", "兴宁区昆仑大道工业园", "wait"),
]


def load_living_public_reports(*, official) -> None:
    """Public reports (举报) of the last weeks: one verified as a hazard, one dismissed, two waiting."""
    from accounts.models import User
    from core.models import Industry, Region
    from enterprises.models import Enterprise

    from .models import PublicReport

    if PublicReport.objects.filter(description=PUBLIC_REPORTS[0][0]).exists():
        return
    industry = Industry.objects.get(code="hazchem")
    district = Region.objects.filter(code="450102").first()  # 兴宁区: its agency verifies the reports
    if district is None:
        return
    enterprises = list(
        Enterprise.objects.filter(region_path__startswith=district.path, industries=industry).order_by("uscc")[:3]
    )
    for n, (description, location, outcome) in enumerate(PUBLIC_REPORTS):
        enterprise = enterprises[n % len(enterprises)] if enterprises else None
        with _at(20 - n * 5, 21):
            report = services.public_report_submit(
                description=description,
                location=location,
                region=enterprise.region if enterprise else official.agency.region,
                industry=industry,
                enterprise_name=enterprise.name if enterprise else "",
            )
        # The agency the report was routed to handles it (a district's, or the city's).
        handler = (
            User.objects.filter(agency=report.agency_id, kind="official", role="inspector").order_by("id").first()
            if report.agency_id
            else None
        )
        if handler is None:
            continue
        if outcome == "verify" and enterprise is not None:
            with _at(17 - n * 5, 10):
                services.public_report_verify(
                    report=report, actor=handler, enterprise=enterprise, level="general", note="现场核实属实。"
                )
        elif outcome == "dismiss":
            with _at(17 - n * 5, 10):
                services.public_report_dismiss(
                    report=report, actor=handler, reason="现场核查，气瓶为空瓶且已清运，不属实。"
                )
