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


# --- the draw pinned to fixed results ----------------------------------------------------------
# The stored inputs of two draws and their results, computed once by an independent script written
# from the documented algorithm (inspections/draws.py docstring: canonical-JSON SHA-256 of the
# inputs; random.Random(int(seed)); enterprises by `sample`, or Efraimidis–Spirakis keys
# u ** (1/w) when weighted; then `sample` of the inspector pool per enterprise) and kept here.
# A change of the algorithm, of its order of calls or of Python's random module changes these and
# fails, instead of silently changing the verification of every past draw.

PLAIN_INPUTS = {
    "kind": "double_random",
    "campaign": 3,
    "agency": 2,
    "candidates": [101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112],
    "weights": None,
    "pool": [7, 9, 11, 15],
    "count": 4,
    "inspectors_per_inspection": 2,
    "params": {"count": 4, "share": None, "risk_grades": [], "supervision_classes": [], "weighted": False},
    "seed": "20260506",
    "recorded_at": "2026-05-06T10:00:00+08:00",
}
PLAIN_DIGEST = "5b87e160378f37737e8403e85c01a262df75f09e2778cccf55804dcac5eb4baf"
PLAIN_RESULT = [
    {"enterprise": 103, "inspectors": [9, 11]},
    {"enterprise": 101, "inspectors": [15, 11]},
    {"enterprise": 110, "inspectors": [15, 7]},
    {"enterprise": 108, "inspectors": [7, 15]},
]
WEIGHTED_INPUTS = {
    **PLAIN_INPUTS,
    "weights": [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3],
    "seed": "8842117390511",
    "params": {**PLAIN_INPUTS["params"], "weighted": True},
}
WEIGHTED_DIGEST = "208c51963813fa77143c1d495a46a4526cffb300213eab5979043d5113b7fe0e"
WEIGHTED_RESULT = [
    {"enterprise": 102, "inspectors": [9, 15]},
    {"enterprise": 105, "inspectors": [9, 7]},
    {"enterprise": 104, "inspectors": [7, 15]},
    {"enterprise": 111, "inspectors": [15, 7]},
]


@pytest.mark.parametrize(
    ("inputs", "digest", "result"),
    [(PLAIN_INPUTS, PLAIN_DIGEST, PLAIN_RESULT), (WEIGHTED_INPUTS, WEIGHTED_DIGEST, WEIGHTED_RESULT)],
    ids=["plain", "weighted"],
)
def test_recorded_inputs_give_the_results_computed_independently(inputs, digest, result):
    from inspections.draws import compute_draw, inputs_digest

    assert inputs_digest(inputs) == digest
    assert compute_draw(inputs) == result


@pytest.fixture
def stored_draw(campaign, official_a):
    """A draw as the database holds it: the pinned inputs, their digest and their result."""
    return Draw.objects.create(
        campaign=campaign,
        agency=official_a.agency,
        actor=official_a,
        seed=PLAIN_INPUTS["seed"],
        inputs=PLAIN_INPUTS,
        inputs_digest=PLAIN_DIGEST,
        result=PLAIN_RESULT,
    )


def test_a_stored_draw_with_the_pinned_result_verifies(stored_draw):
    check = draw_verify(Draw.objects.get(pk=stored_draw.pk))
    assert (check["digest_ok"], check["result_ok"], check["ok"]) == (True, True, True)
    assert check["result"] == PLAIN_RESULT


@pytest.mark.parametrize(
    "altered",
    [
        [{"enterprise": 104, "inspectors": [9, 11]}, *PLAIN_RESULT[1:]],  # another enterprise
        [{"enterprise": 103, "inspectors": [9, 7]}, *PLAIN_RESULT[1:]],  # another inspector
        [PLAIN_RESULT[1], PLAIN_RESULT[0], *PLAIN_RESULT[2:]],  # the same rows in another order
        PLAIN_RESULT[:3],  # a row removed
    ],
    ids=["enterprise", "inspector", "order", "row-removed"],
)
def test_stored_result_altered_with_inputs_intact_fails_verification(stored_draw, api_for, official_a, altered):
    Draw.objects.filter(pk=stored_draw.pk).update(result=altered)
    check = draw_verify(Draw.objects.get(pk=stored_draw.pk))
    assert (check["digest_ok"], check["result_ok"], check["ok"]) == (True, False, False)
    assert check["result"] == PLAIN_RESULT, "verification shows what the inputs really give"
    response = api_for(official_a).get(f"/api/v1/draws/{stored_draw.pk}/verify/")
    assert response.status_code == 200
    assert (response.json()["digest_ok"], response.json()["ok"]) == (True, False)


def test_stored_inputs_altered_fail_the_digest(stored_draw):
    Draw.objects.filter(pk=stored_draw.pk).update(inputs={**PLAIN_INPUTS, "candidates": PLAIN_INPUTS["candidates"][1:]})
    check = draw_verify(Draw.objects.get(pk=stored_draw.pk))
    assert (check["digest_ok"], check["ok"]) == (False, False)
