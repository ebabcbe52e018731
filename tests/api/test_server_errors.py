"""Requests that used to answer 500 answer a clear 4xx (issue 12's list of server errors)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_planning_an_inspection_without_a_campaign_is_accepted_or_refused_cleanly(api_for, official_a, enterprise_a):
    response = api_for(official_a).post(
        "/api/v1/inspections/",
        {"enterprise": enterprise_a.pk, "kind": "patrol", "inspectors": [official_a.pk]},
        format="json",
    )
    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert "campaign" in response.json() or "field" in response.json()


def test_an_enterprise_user_asking_for_the_import_template_gets_403(api_for, enterprise_user):
    response = api_for(enterprise_user).get("/api/v1/enterprises/import-template/")
    assert response.status_code == 403
    assert "监管" in response.json()["detail"]


def test_an_official_gets_the_import_template(api_for, official_a):
    response = api_for(official_a).get("/api/v1/enterprises/import-template/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
