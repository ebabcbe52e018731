"""The hazard API contract: fields, filters, 409 with allowed actions, 403, 404 out of scope, fixed query count."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.hazards.conftest import photo

pytestmark = pytest.mark.django_db


def test_list_has_contract_fields_and_derived_overdue(api_for, official_a, make_hazard):
    make_hazard(status="rectifying", deadline=datetime.date(2020, 1, 1))
    row = api_for(official_a).get("/api/v1/hazards/").json()["results"][0]
    for key in ("id", "enterprise", "inspection", "level", "status", "deadline", "overdue", "listed"):
        assert key in row
    assert row["overdue"] is True and row["listed"] is False


def test_overdue_filter_follows_the_deadline(api_for, official_a, make_hazard):
    late = make_hazard(status="rectifying", deadline=datetime.date(2020, 1, 1))
    make_hazard(status="rectifying", deadline=datetime.date(2099, 1, 1))
    make_hazard(status="closed", deadline=datetime.date(2020, 1, 1))
    ids = [r["id"] for r in api_for(official_a).get("/api/v1/hazards/?overdue=true").json()["results"]]
    assert ids == [late.pk]


def test_filters_by_status_level_region_enterprise(api_for, official_a, make_hazard, enterprise_a):
    major = make_hazard(level="major")
    make_hazard(status="closed")
    client = api_for(official_a)
    assert [r["id"] for r in client.get("/api/v1/hazards/?level=major").json()["results"]] == [major.pk]
    assert client.get("/api/v1/hazards/?status=closed").json()["count"] == 1
    assert client.get("/api/v1/hazards/?region=450102").json()["count"] == 2
    assert client.get("/api/v1/hazards/?region=450200").json()["count"] == 0
    assert client.get(f"/api/v1/hazards/?enterprise={enterprise_a.pk}").json()["count"] == 2


def test_list_costs_a_fixed_number_of_queries(api_for, official_a, make_hazard):
    client = api_for(official_a)
    make_hazard()
    with CaptureQueriesContext(connection) as one:
        first = client.get("/api/v1/hazards/")
    for _ in range(8):
        make_hazard()
    with CaptureQueriesContext(connection) as nine:
        second = client.get("/api/v1/hazards/")
    # Two equal refusals (403) or two equal errors would cost the same: the lists must be answered.
    assert (first.status_code, second.status_code) == (200, 200), (first.content, second.content)
    assert (first.json()["count"], len(second.json()["results"])) == (1, 9)
    assert len(one) == len(nine)


def test_full_loop_through_the_api(api_for, enterprise_user, official_a, make_hazard):
    hazard = make_hazard()
    ent, off = api_for(enterprise_user), api_for(official_a)
    r = ent.post(
        f"/api/v1/hazards/{hazard.pk}/assign/",
        {
            "responsible_person": "张三",
            "measures": "更换",
            "deadline": "2099-01-01",
            "executor": "李四",
            "acceptor": "王五",
        },
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "rectifying"
    r = ent.post(
        f"/api/v1/hazards/{hazard.pk}/submit-rectification/",
        {"description": "已整改", "photos": [photo()]},
        format="multipart",
    )
    assert r.status_code == 200, r.json()
    r = off.post(f"/api/v1/hazards/{hazard.pk}/reject/", {"reason": "照片看不清"}, format="json")
    assert r.json()["status"] == "rectifying"
    ent.post(
        f"/api/v1/hazards/{hazard.pk}/submit-rectification/",
        {"description": "重拍", "photos": [photo()]},
        format="multipart",
    )
    r = off.post(f"/api/v1/hazards/{hazard.pk}/accept/", {"note": "合格"}, format="json")
    assert r.json()["status"] == "closed"
    actions = [e["action"] for e in off.get(f"/api/v1/hazards/{hazard.pk}/history/").json()]
    assert actions == ["assign", "submit_rectification", "reject", "submit_rectification", "accept"]


def test_illegal_transition_answers_409_with_allowed_actions(api_for, official_a, make_hazard):
    hazard = make_hazard()
    r = api_for(official_a).post(f"/api/v1/hazards/{hazard.pk}/accept/", {}, format="json")
    assert r.status_code == 409
    assert set(r.json()["allowed"]) == {"assign", "rectify_immediately"}


def test_forbidden_transition_answers_403(api_for, enterprise_user, make_hazard, major_plan):
    hazard = make_hazard(status="awaiting_acceptance", level="major", **major_plan)
    r = api_for(enterprise_user).post(f"/api/v1/hazards/{hazard.pk}/accept/", {}, format="json")
    assert r.status_code == 403


def test_stale_version_answers_409(api_for, official_a, make_hazard):
    hazard = make_hazard(status="awaiting_acceptance")
    r = api_for(official_a).post(f"/api/v1/hazards/{hazard.pk}/accept/", {"version": hazard.version + 5}, format="json")
    assert r.status_code == 409 and "已被他人修改" in r.json()["detail"]


def _assign():
    return {
        "responsible_person": "张三",
        "measures": "更换报警器",
        "deadline": "2099-01-01",
        "executor": "李四",
        "acceptor": "王五",
    }


def _listing():
    return {"level": "city", "doc_number": "南应急督〔2026〕1号", "listed_on": "2026-11-01"}


# One row per hazard endpoint: (method, url, the hazard it acts on (state, level), the person of
# region A whose request succeeds, a valid body (a function: photos are read once), body format).
# The same rows drive "another jurisdiction gets 404" and "the owner succeeds", so a renamed or
# removed route fails the owner's twin instead of turning the 404 table green.
ENDPOINTS = [
    ("get", "/api/v1/hazards/{id}/", ("awaiting_acceptance", "general"), "official_a", None, None),
    ("get", "/api/v1/hazards/{id}/history/", ("awaiting_acceptance", "general"), "official_a", None, None),
    ("post", "/api/v1/hazards/{id}/assign/", ("reported", "general"), "enterprise_user", _assign, "json"),
    (
        "post",
        "/api/v1/hazards/{id}/submit-rectification/",
        ("rectifying", "general"),
        "enterprise_user",
        lambda: {"description": "已整改", "photos": [photo()]},
        "multipart",
    ),
    (
        "post",
        "/api/v1/hazards/{id}/accept/",
        ("awaiting_acceptance", "general"),
        "official_a",
        lambda: {"note": "合格"},
        "json",
    ),
    (
        "post",
        "/api/v1/hazards/{id}/reject/",
        ("awaiting_acceptance", "general"),
        "official_a",
        lambda: {"reason": "照片不清楚"},
        "json",
    ),
    ("post", "/api/v1/hazards/{id}/list-for-supervision/", ("rectifying", "major"), "official_a", _listing, "json"),
]
ENDPOINT_IDS = [f"{method} {url}" for method, url, *_ in ENDPOINTS]


def _request(client, method, url, body, fmt):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body(), format=fmt)


@pytest.fixture
def hazard_for(make_hazard, major_plan):
    def make(state, level):
        return make_hazard(status=state, level=level, **(major_plan if level == "major" else {}))

    return make


@pytest.mark.parametrize(("method", "url", "hazard", "owner", "body", "fmt"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("persona", ["official_b", "enterprise_user_b", "outsider"])
def test_another_jurisdiction_gets_404(request, api_for, hazard_for, method, url, hazard, owner, body, fmt, persona):
    target = hazard_for(*hazard)
    client = api_for(request.getfixturevalue(persona))
    r = _request(client, method, url.format(id=target.pk), body, fmt)
    assert r.status_code == 404
    assert client.get("/api/v1/hazards/").json()["count"] == 0
    target.refresh_from_db()
    assert (target.status, target.version) == (hazard[0], 1), "a refused request changes nothing"


@pytest.mark.parametrize(("method", "url", "hazard", "owner", "body", "fmt"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_the_owner_succeeds_on_the_same_endpoint(request, api_for, hazard_for, method, url, hazard, owner, body, fmt):
    request.getfixturevalue("official_a")  # the official in scope exists whoever acts
    target = hazard_for(*hazard)
    r = _request(api_for(request.getfixturevalue(owner)), method, url.format(id=target.pk), body, fmt)
    assert r.status_code == 200, r.content
    if method == "post":
        target.refresh_from_db()
        assert target.version == 2, "the owner's action was recorded"


def test_enterprise_self_reports_through_the_api(api_for, enterprise_user):
    r = api_for(enterprise_user).post(
        "/api/v1/hazards/", {"description": "消防通道堵塞", "level": "general"}, format="json"
    )
    assert r.status_code == 201 and r.json()["source"] == "self_report"


def test_official_cannot_create_hazard_for_enterprise_out_of_scope(api_for, official_a, enterprise_b):
    r = api_for(official_a).post("/api/v1/hazards/", {"description": "x", "enterprise": enterprise_b.pk}, format="json")
    assert r.status_code == 404
