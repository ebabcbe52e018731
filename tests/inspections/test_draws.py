from __future__ import annotations

import math

import pytest

from core.errors import DomainError
from core.models import Region
from inspections import services
from inspections.draws import draw_perform, draw_spot_check, draw_verify
from inspections.models import Draw, Inspection
from tests.factories import AgencyFactory, EnterpriseFactory, UserFactory


@pytest.fixture
def many_enterprises(db, enterprise_a, enterprise_b):
    classes = ["good", "average", "key"]
    return [EnterpriseFactory(supervision_class=classes[i % 3]) for i in range(20)] + [enterprise_a]


def test_draw_is_reproducible_from_stored_inputs(campaign, many_enterprises, official_a, official_a2):
    draw = draw_perform(actor=official_a, campaign=campaign, count=5)
    assert len(draw.result) == 5 and len(draw.inputs_digest) == 64
    assert draw.inputs["candidates"] == sorted(draw.inputs["candidates"])
    assert draw_verify(Draw.objects.get(pk=draw.pk))["ok"]
    assert Inspection.objects.filter(draw=draw, method="double_random").count() == 5
    for row in draw.result:
        assert len(row["inspectors"]) == 2


def test_tampered_draw_fails_verification(campaign, many_enterprises, official_a, official_a2):
    draw = draw_perform(actor=official_a, campaign=campaign, count=5)
    draw.inputs["seed"] = str(int(draw.inputs["seed"]) + 1)
    check = draw_verify(draw)
    assert not check["ok"] and not check["digest_ok"]


def test_same_seed_same_draw_different_seeds_different_draws(campaign, many_enterprises, official_a, official_a2):
    a = draw_perform(actor=official_a, campaign=campaign, count=5, seed=42)
    b = draw_perform(actor=official_a, campaign=campaign, count=5, seed=42)
    c = draw_perform(actor=official_a, campaign=campaign, count=5, seed=43)
    assert a.result == b.result
    assert a.result != c.result


def test_no_enterprise_outside_scope_is_ever_drawn(campaign, many_enterprises, enterprise_b, official_a, official_a2):
    visible = set(campaign.enterprises_in_scope(user=official_a).values_list("id", flat=True))
    for seed in range(15):
        draw = draw_perform(actor=official_a, campaign=campaign, share=0.5, seed=seed, weighted=seed % 2 == 0)
        drawn = {r["enterprise"] for r in draw.result}
        assert drawn <= visible and enterprise_b.pk not in drawn
        assert len(drawn) == math.ceil(0.5 * len(visible))


def test_filters_by_supervision_class(campaign, many_enterprises, official_a, official_a2):
    draw = draw_perform(actor=official_a, campaign=campaign, share=1, supervision_classes=["key"])
    from enterprises.models import Enterprise

    assert set(
        Enterprise.objects.filter(pk__in=[r["enterprise"] for r in draw.result]).values_list(
            "supervision_class", flat=True
        )
    ) == {"key"}


def test_weighted_draw_picks_key_enterprises_more_often_than_good(campaign, many_enterprises, official_a, official_a2):
    from enterprises.models import Enterprise

    classes = dict(Enterprise.objects.values_list("id", "supervision_class"))
    counts = {"good": 0, "key": 0}
    for seed in range(40):
        draw = draw_perform(actor=official_a, campaign=campaign, count=3, weighted=True, seed=seed)
        for r in draw.result:
            if classes[r["enterprise"]] in counts:
                counts[classes[r["enterprise"]]] += 1
    assert counts["key"] > counts["good"]


def test_draw_needs_two_certified_inspectors_in_the_pool(campaign, many_enterprises, official_a):
    with pytest.raises(DomainError, match="执法证"):
        draw_perform(actor=official_a, campaign=campaign, count=1)


def test_city_spot_check_draws_at_least_ten_percent_of_county_inspections(
    campaign, many_enterprises, official_a, official_a2
):
    county = AgencyFactory(name="兴宁区应急管理局", region=Region.objects.get(code="450102"))
    officer = UserFactory(agency=county, role="inspector")
    inspected = many_enterprises[:12]
    for e in inspected:
        i = services.inspection_plan(
            actor=officer, campaign=campaign, enterprise=e, kind="patrol", inspectors=[officer]
        )
        Inspection.objects.filter(pk=i.pk).update(status="submitted")
    draw = draw_spot_check(actor=official_a, campaign=campaign, percent=10)
    assert len(draw.result) == 2  # ceil(12 × 10 %)
    assert {r["enterprise"] for r in draw.result} <= {e.pk for e in inspected}
    assert draw_verify(draw)["ok"]
    assert Inspection.objects.filter(draw=draw, kind="spot_check").count() == 2
