"""Creating campaigns and implementing plans: phases, scope and jurisdiction rules, roll-up."""

from __future__ import annotations

from datetime import date

import pytest

from campaigns.models import Campaign
from campaigns.services import campaign_create, campaign_update
from core.errors import DomainError, NotPermitted
from reports.statistics.campaigns import campaign_rollup

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": date(2026, 3, 1), "period_end": date(2026, 6, 30)}


def _create(actor, region, phases=(), **extra):
    return campaign_create(actor=actor, title="专项行动", region=region, phases=list(phases), **{**PERIOD, **extra})


def test_official_creates_campaign_with_ordered_phases(official_a, region):
    campaign = _create(
        official_a,
        region("450100"),
        phases=[
            {"name": "部署发动", "start": date(2026, 3, 1), "end": date(2026, 3, 15)},
            {"name": "集中整治", "start": date(2026, 3, 16), "end": date(2026, 6, 30)},
        ],
    )
    assert [p.name for p in campaign.phases.all()] == ["部署发动", "集中整治"]
    assert campaign.agency == official_a.agency
    assert campaign.current_phase(date(2026, 4, 1)).name == "集中整治"
    assert campaign.current_phase(date(2026, 7, 1)) is None


def test_phase_outside_the_period_is_refused_naming_the_phase(official_a, region):
    with pytest.raises(DomainError) as exc:
        _create(
            official_a,
            region("450100"),
            phases=[{"name": "回头看", "start": date(2026, 6, 1), "end": date(2026, 7, 15)}],
        )
    assert "回头看" in exc.value.message and "晚于专项行动结束日期" in exc.value.message
    assert exc.value.field == "phases"
    assert not Campaign.objects.exists()


def test_overlapping_phases_are_refused(official_a, region):
    with pytest.raises(DomainError, match="日期重叠"):
        _create(
            official_a,
            region("450100"),
            phases=[
                {"name": "企业自查", "start": date(2026, 3, 1), "end": date(2026, 4, 10)},
                {"name": "县级检查", "start": date(2026, 4, 10), "end": date(2026, 5, 31)},
            ],
        )


def test_phases_out_of_order_are_refused(official_a, region):
    with pytest.raises(DomainError, match="按时间先后排列"):
        _create(
            official_a,
            region("450100"),
            phases=[
                {"name": "县级检查", "start": date(2026, 5, 1), "end": date(2026, 5, 31)},
                {"name": "企业自查", "start": date(2026, 3, 1), "end": date(2026, 3, 31)},
            ],
        )


def test_phase_ending_before_it_starts_is_refused(official_a, region):
    with pytest.raises(DomainError, match="结束日期不能早于开始日期"):
        _create(
            official_a, region("450100"), phases=[{"name": "甲", "start": date(2026, 4, 2), "end": date(2026, 4, 1)}]
        )


def test_period_end_before_start_is_refused(official_a, region):
    with pytest.raises(DomainError) as exc:
        campaign_create(
            actor=official_a,
            title="x",
            region=region("450100"),
            period_start=date(2026, 5, 1),
            period_end=date(2026, 4, 1),
        )
    assert exc.value.field == "period_end"


def test_campaign_inside_own_jurisdiction_is_accepted(official_a, region):
    assert _create(official_a, region("450102")).region.code == "450102"


def test_campaign_outside_jurisdiction_is_refused(official_a, region):
    with pytest.raises(DomainError) as exc:
        _create(official_a, region("450200"))
    assert "不在您的辖区内" in exc.value.message and exc.value.field == "region"


def test_industry_regulator_may_only_scope_its_own_industries(construction_official, region, industry):
    ok = _create(construction_official, region("450100"), industries=[industry("construction")])
    assert list(ok.industries.values_list("code", flat=True)) == ["construction"]
    with pytest.raises(DomainError, match="超出本部门的监管范围"):
        _create(construction_official, region("450100"), industries=[industry("hazchem")])
    with pytest.raises(DomainError, match="不能留空"):
        _create(construction_official, region("450100"))


def test_leader_and_enterprise_user_may_not_create(leader_a, enterprise_user, region):
    for user in (leader_a, enterprise_user):
        with pytest.raises(NotPermitted):
            _create(user, region("450100"))


def test_implementing_plan_inside_parent_scope_is_accepted(campaign_gx, official_a, region):
    plan = campaign_create(
        actor=official_a,
        title="南宁市实施方案",
        region=region("450100"),
        parent=campaign_gx,
        period_start=date(2026, 2, 1),
        period_end=date(2026, 11, 30),
    )
    assert plan.parent == campaign_gx
    assert list(campaign_gx.children.all()) == [plan]


def test_implementing_plan_without_industries_inherits_the_parents(campaign_a, official_a, region):
    plan = campaign_create(actor=official_a, title="兴宁区方案", region=region("450102"), parent=campaign_a)
    assert plan.parent == campaign_a
    assert list(plan.industries.values_list("code", flat=True)) == ["hazchem"]


def test_implementing_plan_wider_than_parent_industries_is_refused(campaign_a, official_a, region, industry):
    with pytest.raises(DomainError, match="超出上级专项行动的行业范围"):
        campaign_create(
            actor=official_a,
            title="方案",
            region=region("450102"),
            parent=campaign_a,
            industries=[industry("construction")],
        )


def test_implementing_plan_in_region_outside_parent_is_refused(official_gx, campaign_a, region, industry):
    with pytest.raises(DomainError, match="不在上级专项行动的范围"):
        campaign_create(
            actor=official_gx,
            title="柳州方案",
            region=region("450200"),
            parent=campaign_a,
            industries=[industry("hazchem")],
        )


def test_implementing_plan_outside_own_jurisdiction_is_refused(campaign_gx, official_b, region):
    with pytest.raises(DomainError, match="不在您的辖区内"):
        campaign_create(actor=official_b, title="方案", region=region("450100"), parent=campaign_gx)


def test_parent_officials_see_children_and_child_officials_see_parent(
    campaign_gx, official_a, official_b, official_gx, region
):
    plan = campaign_create(actor=official_a, title="南宁市实施方案", region=region("450100"), parent=campaign_gx)
    assert set(Campaign.objects.visible_to(official_gx)) == {campaign_gx, plan}
    assert set(Campaign.objects.visible_to(official_a)) == {campaign_gx, plan}
    assert set(Campaign.objects.visible_to(official_b)) == {campaign_gx}


def test_update_rechecks_phases(campaign_a, official_a):
    campaign_update(
        actor=official_a,
        campaign=campaign_a,
        phases=[{"name": "自查", "start": date(2026, 2, 1), "end": date(2026, 2, 28)}],
    )
    assert campaign_a.phases.count() == 1
    with pytest.raises(DomainError):
        campaign_update(actor=official_a, campaign=campaign_a, period_end=date(2026, 2, 10))


def test_other_region_may_not_update(campaign_a, official_b):
    with pytest.raises(NotPermitted):
        campaign_update(actor=official_b, campaign=campaign_a, title="改")


def test_rollup_counts_sum_over_the_child_tree(campaign_gx, official_a, official_gx, region, enterprise_a):
    from hazards.models import Hazard
    from inspections.models import Inspection

    nn = campaign_create(actor=official_a, title="南宁市实施方案", region=region("450100"), parent=campaign_gx)
    xn = campaign_create(actor=official_a, title="兴宁区实施方案", region=region("450102"), parent=nn)
    Inspection.objects.create(campaign=campaign_gx, enterprise=enterprise_a, kind="patrol", status="submitted")
    Inspection.objects.create(campaign=nn, enterprise=enterprise_a, kind="enforcement", status="planned")
    Inspection.objects.create(campaign=xn, enterprise=enterprise_a, kind="enforcement", status="reviewed")
    Hazard.objects.create(campaign=xn, enterprise=enterprise_a, description="a", level="major")
    Hazard.objects.create(campaign=nn, enterprise=enterprise_a, description="b", status="closed")
    top = campaign_rollup(campaign_gx)
    assert (top.plans, top.inspections, top.inspections_done) == (2, 3, 2)
    assert (top.hazards, top.major_hazards, top.hazards_closed) == (2, 1, 1)
    middle = campaign_rollup(nn)
    assert (middle.plans, middle.inspections, middle.hazards) == (1, 2, 2)
    leaf = campaign_rollup(xn)
    assert (leaf.plans, leaf.inspections, leaf.hazards) == (0, 1, 1)
