"""A campaign over 南宁市 whose every figure is counted by hand (see `world`'s comments).

Period 2026-06 with the report day 23 runs from 2026-05-23 to 2026-06-22.
- 兴宁区: e1 (冶金) and e2 (机械) — in the campaign's scope (工贸);
- 青秀区: e3 (冶金) — in scope; e4 (危险化学品) — outside the campaign's industries.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour))


@pytest.fixture
def world(official_a, agency_a, region):
    from campaigns.models import GroupMember, InspectionGroup
    from campaigns.services import campaign_create, requirement_add
    from core.models import Industry
    from enforcement.models import EnforcementAction
    from hazards.models import Hazard
    from inspections.models import Inspection
    from tests.factories import EnterpriseFactory, UserFactory

    campaign = campaign_create(
        actor=official_a,
        title="南宁市冶金工贸安全生产大检查",
        doc_number="南应急发〔2026〕8号",
        kind="big_inspection",
        region=region("450100"),
        industries=[Industry.objects.get(code="industry_trade")],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        phases=[],
    )
    requirement_add(
        actor=official_a,
        campaign=campaign,
        title="工作进展情况",
        recurrence="monthly",
        submitters="lower_agencies",
        day_of_month=23,
        stat_form="seed004",
    )
    e1 = EnterpriseFactory(name="兴宁冶金一厂", region=region("450102001"), industries=["metallurgy"])
    e2 = EnterpriseFactory(name="兴宁机械二厂", region=region("450102002"), industries=["machinery"])
    e3 = EnterpriseFactory(name="青秀冶金三厂", region=region("450103001"), industries=["metallurgy"])
    e4 = EnterpriseFactory(name="青秀化工四厂", region=region("450103002"), industries=["hazchem"])

    def hazard(enterprise, found, **fields):
        defaults = {"campaign": campaign, "source": "inspection", "description": "隐患", "level": "general"}
        return Hazard.objects.create(enterprise=enterprise, found_at=at(found), **{**defaults, **fields})

    h = {
        # found in the period, closed in it: found and rectified; 20,000 元 spent → 2 万元
        "h1": hazard(e1, "2026-06-01", status="closed", closed_at=at("2026-06-10"), funds_spent=Decimal("20000")),
        # found in the period, closed AFTER it: found, not rectified; deadline passed → overdue
        "h2": hazard(
            e1, "2026-06-05", status="closed", closed_at=at("2026-06-25"), deadline=datetime.date(2026, 6, 15)
        ),
        # 立即整改: found and rectified the same day
        "h4": hazard(e2, "2026-06-03", status="closed", closed_at=at("2026-06-03", 16), rectified_immediately=True),
        # major, listed by the city, 五到位 complete, still rectifying
        "h3": hazard(
            e3,
            "2026-06-02",
            level="major",
            status="rectifying",
            description="除尘系统互联互通",
            measures="拆分除尘系统",
            responsibility="设备部",
            funds_planned=Decimal("50000"),
            deadline=datetime.date(2026, 7, 30),
            contingency_plan="粉尘爆炸专项预案",
            responsible_person="王五",
            listed_level="city",
            listed_on=datetime.date(2026, 6, 3),
            listed_doc_number="南安委督〔2026〕3号",
        ),
        # outside the campaign (no campaign, an enterprise outside its industries)
        "h5": hazard(e4, "2026-06-04", campaign=None),
        # before the period: only in the cumulative total
        "h6": hazard(e1, "2026-05-10", status="reported"),
    }

    def inspection(enterprise, kind, status, submitted=None):
        return Inspection.objects.create(
            campaign=campaign,
            enterprise=enterprise,
            kind=kind,
            status=status,
            agency=agency_a,
            submitted_at=at(submitted) if submitted else None,
        )

    i = {
        "i1": inspection(e1, "enforcement", "submitted", "2026-06-01"),
        "i2": inspection(e2, "self", "submitted", "2026-06-02"),
        "i3": inspection(e3, "patrol", "in_progress"),
        "i4": inspection(e3, "spot_check", "reviewed", "2026-06-10"),
    }

    def action(kind, status, when, **fields):
        return EnforcementAction.objects.create(
            agency=agency_a,
            enterprise=fields.pop("enterprise", e1),
            kind=kind,
            description="事实",
            status=status,
            author=official_a,
            effective_at=at(when) if status == "effective" else None,
            **fields,
        )

    a = {
        "fine": action("fine", "effective", "2026-06-05", hazard=h["h1"], amount=Decimal("30000")),
        "order": action("order_rectify", "effective", "2026-06-06", inspection=i["i1"]),
        "pending": action("suspension", "pending_review", "2026-06-07", inspection=i["i1"]),
    }
    group = InspectionGroup.objects.create(campaign=campaign, name="第一检查组", agency=agency_a)
    InspectionGroup.objects.filter(pk=group.pk).update(created_at=at("2026-05-30"))  # formed before the period end
    expert = UserFactory(username="expert_t", kind="expert", in_expert_pool=True)
    GroupMember.objects.create(group=group, user=official_a, role="leader")
    GroupMember.objects.create(group=group, user=expert, role="expert")
    return {"campaign": campaign, "e": [e1, e2, e3, e4], "h": h, "i": i, "a": a, "group": group}


@pytest.fixture
def districts(db):
    """兴宁区 and 青秀区 with an emergency-management agency and an inspector each (units that report)."""
    from core.models import Region
    from tests.factories import AgencyFactory, UserFactory

    out = {}
    for code, name, user in (("450102", "兴宁区应急管理局", "xn_t"), ("450103", "青秀区应急管理局", "qx_t")):
        agency = AgencyFactory(name=name, region=Region.objects.get(code=code))
        official = UserFactory(username=user, agency=agency, role="inspector")
        out[code] = {"agency": agency, "official": official}
    return out
