"""The enforcement and blacklist API contract: 404 out of scope, notices through the API, who may create."""

from __future__ import annotations

import pytest

from enforcement import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(official_a, legal_a, enterprise_a):
    """A major fine waiting for legal review, and a blacklist notice whose objection period is over."""
    import datetime

    from django.utils import timezone

    from enforcement.models import BlacklistEntry

    action = services.enforcement_create(
        actor=official_a, kind="fine", amount=100000, description="x", enterprise=enterprise_a
    )
    entry = services.blacklist_notify(actor=official_a, enterprise=enterprise_a, reason="r", legal_basis="b")
    BlacklistEntry.objects.filter(pk=entry.pk).update(objection_until=timezone.localdate() - datetime.timedelta(days=1))
    return {"action": action.pk, "entry": entry.pk}


# One row per endpoint: (method, url, body, the person of region A whose request succeeds). The same
# rows drive "another jurisdiction gets 404" and "the owner succeeds", so a renamed or removed route
# fails the owner's twin instead of passing as a 404.
ENDPOINTS = [
    ("get", "/api/v1/enforcement-actions/{action}/", None, "official_a"),
    ("post", "/api/v1/enforcement-actions/{action}/review/", {"approve": True}, "legal_a"),
    ("get", "/api/v1/blacklist/{entry}/", None, "official_a"),
    ("post", "/api/v1/blacklist/{entry}/list/", {}, "official_a"),
]
ENDPOINT_IDS = [f"{method} {url}" for method, url, *_ in ENDPOINTS]


def _send(client, method, url, body, decided):
    url = url.format(**decided)
    return getattr(client, method)(url) if body is None else getattr(client, method)(url, body, format="json")


@pytest.mark.parametrize(("method", "url", "body", "owner"), ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("persona", ["official_b", "enterprise_user_b", "outsider"])
def test_another_jurisdiction_gets_404_on_enforcement_and_blacklist(
    request, api_for, decided, persona, method, url, body, owner
):
    client = api_for(request.getfixturevalue(persona))
    assert _send(client, method, url, body, decided).status_code == 404
    assert client.get("/api/v1/enforcement-actions/").json()["count"] == 0
    assert client.get("/api/v1/blacklist/").json()["count"] == 0


@pytest.mark.parametrize(("method", "url", "body", "owner"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_the_owner_succeeds_on_the_same_endpoint(request, api_for, decided, method, url, body, owner):
    response = _send(api_for(request.getfixturevalue(owner)), method, url, body, decided)
    assert response.status_code == 200, response.content


def test_blacklist_notice_through_the_api_and_listing_waits_for_the_objection_period(api_for, official_a, enterprise_a):
    client = api_for(official_a)
    r = client.post(
        "/api/v1/blacklist/",
        {"enterprise": enterprise_a.pk, "reason": "重大隐患拒不整改", "legal_basis": "《安全生产法》第一百一十二条"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["status"] == "noticed"
    r = client.post(f"/api/v1/blacklist/{r.json()['id']}/list/", {}, format="json")
    assert r.status_code == 400 and "陈述申辩期" in r.json()["detail"]
    assert client.get("/api/v1/blacklist/?status=noticed").json()["count"] == 1


def test_enterprise_user_cannot_create_enforcement_actions(api_for, enterprise_user, enterprise_a):
    r = api_for(enterprise_user).post(
        "/api/v1/enforcement-actions/",
        {"kind": "admonition", "description": "x", "enterprise": enterprise_a.pk},
        format="json",
    )
    assert r.status_code == 403
