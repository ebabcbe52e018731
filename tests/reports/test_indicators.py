"""Target indicators against a hand-counted fixture (one definition per indicator)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from campaigns.services import campaign_create, target_add
from reports.statistics.indicators import (
    certified_personnel_rate,
    hazard_rectification_rate,
    inspection_coverage,
    major_hazard_closure_rate,
    principal_training_rate,
    self_inspection_rate,
    spot_check_rate,
    system_usage_rate,
    target_value,
)

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 15)


@pytest.fixture
def world(official_a, region):
    """南宁, all industries. In scope: e1 hazchem, e2 machinery, e3 construction, e4 hazchem (4).
    e5 (柳州) is out of scope."""
    from enterprises.models import CertifiedPerson
    from hazards.models import Hazard
    from inspections.models import Inspection
    from tests.factories import EnterpriseFactory

    campaign = campaign_create(
        actor=official_a,
        title="南宁市专项行动",
        region=region("450100"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    plan = campaign_create(actor=official_a, title="兴宁区实施方案", region=region("450102"), parent=campaign)
    other = campaign_create(actor=official_a, title="另一行动", region=region("450100"))
    e1 = EnterpriseFactory(industries=["hazchem"], principal_trained_on=DAY - timedelta(days=30))
    e2 = EnterpriseFactory(industries=["machinery"], principal_trained_on=DAY - timedelta(days=10))
    e3 = EnterpriseFactory(industries=["construction"], principal_trained_on=DAY - timedelta(days=400))
    e4 = EnterpriseFactory(industries=["hazchem"], principal_trained_on=None)
    e5 = EnterpriseFactory(
        industries=["hazchem"], region=region("450202001"), principal_trained_on=DAY - timedelta(days=5)
    )
    valid, expired = DAY + timedelta(days=100), DAY - timedelta(days=1)
    CertifiedPerson.objects.create(
        enterprise=e1, name="a", post="principal", certificate_number="1", certificate_valid_until=valid
    )
    CertifiedPerson.objects.create(
        enterprise=e1, name="b", post="safety_manager", certificate_number="2", certificate_valid_until=expired
    )
    CertifiedPerson.objects.create(
        enterprise=e2, name="c", post="principal", certificate_number="3", certificate_valid_until=valid
    )
    CertifiedPerson.objects.create(
        enterprise=e3, name="d", post="principal", certificate_number="", certificate_valid_until=valid
    )
    CertifiedPerson.objects.create(
        enterprise=e4, name="e", post="special_operation", certificate_number="5", certificate_valid_until=valid
    )
    CertifiedPerson.objects.create(
        enterprise=e5, name="f", post="principal", certificate_number="6", certificate_valid_until=valid
    )

    def insp(ent, kind, status, c=campaign):
        Inspection.objects.create(campaign=c, enterprise=ent, kind=kind, status=status)

    insp(e1, "enforcement", "submitted")
    insp(e1, "self", "in_progress")
    insp(e2, "spot_check", "reviewed")
    insp(e2, "patrol", "planned")
    insp(e3, "self", "submitted")
    insp(e3, "enforcement", "planned")
    insp(e4, "enforcement", "reviewed", c=plan)
    insp(e5, "enforcement", "reviewed")  # out of scope
    insp(e3, "enforcement", "reviewed", c=other)  # another campaign

    def hazard(level, status, c=campaign):
        Hazard.objects.create(campaign=c, enterprise=e1, description="x", level=level, status=status)

    hazard("general", "closed")
    hazard("general", "rectifying")
    hazard("major", "closed")
    hazard("major", "reported")
    hazard("general", "closed", c=plan)
    hazard("general", "closed", c=other)
    return campaign


def test_principal_training_rate_counts_training_within_twelve_months(world):
    v = principal_training_rate(world, day=DAY)
    assert (v.numerator, v.denominator, v.value) == (2, 4, 50)


def test_principal_training_rate_of_key_industries_leaves_out_machinery(world):
    v = principal_training_rate(world, key_industries_only=True, day=DAY)
    assert (v.numerator, v.denominator, str(v.value)) == (1, 3, "33.3")


def test_certified_personnel_rate_counts_high_risk_enterprises_only(world):
    v = certified_personnel_rate(world, day=DAY)
    assert (v.numerator, v.denominator, v.value) == (2, 4, 50)


def test_inspection_coverage_counts_finished_non_self_inspections_of_the_campaign_tree(world):
    v = inspection_coverage(world)
    assert (v.numerator, v.denominator, v.value) == (3, 4, 75)


def test_self_inspection_rate_counts_submitted_self_inspections(world):
    v = self_inspection_rate(world)
    assert (v.numerator, v.denominator, v.value) == (1, 4, 25)


def test_hazard_rectification_and_major_closure_rates(world):
    v = hazard_rectification_rate(world)
    assert (v.numerator, v.denominator, v.value) == (3, 5, 60)
    m = major_hazard_closure_rate(world)
    assert (m.numerator, m.denominator, m.value) == (1, 2, 50)


def test_target_with_indicator_shows_live_value_and_unquantified_target_has_none(world, official_a):
    t = target_add(
        actor=official_a,
        campaign=world,
        name="重点行业领域企业主要负责人安全生产培训率100%",
        indicator="principal_training_rate",
        target_value=100,
    )
    assert t.key_industries_only
    assert target_value(t, day=DAY).numerator == 1
    none = target_add(actor=official_a, campaign=world, name="典型生产安全事故警示教育率100%", target_value=100)
    assert target_value(none) is None


def test_empty_scope_has_no_value_rather_than_zero(official_a, region):
    campaign = campaign_create(actor=official_a, title="空", region=region("450103"))
    assert principal_training_rate(campaign).value is None


def test_target_value_above_hundred_percent_is_refused(world, official_a):
    from core.errors import DomainError

    with pytest.raises(DomainError, match="0 到 100"):
        target_add(actor=official_a, campaign=world, name="x", indicator="inspection_coverage", target_value=150)


def test_spot_check_rate_counts_enterprises_drawn_by_the_city_over_those_the_counties_inspected(world, official_a):
    from inspections.models import Draw, Inspection
    from tests.factories import EnterpriseFactory

    draw = Draw.objects.create(
        campaign=world,
        kind="spot_check",
        agency=official_a.agency,
        actor=official_a,
        seed="1",
        inputs={},
        inputs_digest="x",
    )
    e1 = Inspection.objects.filter(campaign=world, kind="enforcement", status="submitted").first().enterprise
    Inspection.objects.create(campaign=world, enterprise=e1, kind="spot_check", status="planned", draw=draw)
    # the counties inspected e1 (enforcement, submitted) and e4 (enforcement, reviewed, in the plan): 2
    value = spot_check_rate(world)
    assert (value.numerator, value.denominator) == (1, 2)
    assert value.value == 50
    assert (
        spot_check_rate(
            campaign_create(actor=official_a, title="空", region=EnterpriseFactory().region.parent.parent)
        ).value
        is None
    )


def test_system_usage_rate_counts_completed_records_over_due_official_inspections(world):
    from inspections.models import Inspection

    # official inspections of the tree: e1 submitted, e2 reviewed (spot), e2 patrol planned, e3 planned,
    # e4 reviewed (plan); done 3; due = done + planned ones ending before DAY
    Inspection.objects.filter(campaign=world, kind="patrol").update(planned_end=DAY - timedelta(days=1))
    value = system_usage_rate(world, day=DAY)
    assert (value.numerator, value.denominator) == (3, 4)
