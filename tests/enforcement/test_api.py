"""The enforcement and blacklist API contract: 404 out of scope, notices through the API, who may create."""

from __future__ import annotations

import pytest

from enforcement import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["official_b", "enterprise_user_b", "outsider"])
def test_another_jurisdiction_gets_404_on_enforcement_and_blacklist(
    request, api_for, official_a, enterprise_a, persona
):
    action = services.enforcement_create(
        actor=official_a, kind="fine", amount=100000, description="x", enterprise=enterprise_a
    )
    entry = services.blacklist_notify(actor=official_a, enterprise=enterprise_a, reason="r", legal_basis="b")
    client = api_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/enforcement-actions/{action.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/enforcement-actions/{action.pk}/review/", {"approve": True}, format="json").status_code
        == 404
    )
    assert client.get(f"/api/v1/blacklist/{entry.pk}/").status_code == 404
    assert client.post(f"/api/v1/blacklist/{entry.pk}/list/", {}, format="json").status_code == 404
    assert client.get("/api/v1/enforcement-actions/").json()["count"] == 0


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
