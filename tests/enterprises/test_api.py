"""The enterprise API contract: create, validate, filter."""

from __future__ import annotations

import pytest

from core.uscc import make_uscc
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def payload(**overrides):
    data = {
        "name": "南宁新建危化品仓储有限公司",
        "uscc": make_uscc("450102", 77),
        "region": "450102002",
        "industries": ["hazchem"],
        "risk_grade": "orange",
        "licence_valid_until": "2027-06-30",
    }
    data.update(overrides)
    return data


def test_official_creates_enterprise_with_codes(api_for, official_a):
    response = api_for(official_a).post("/api/v1/enterprises/", payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["region"] == "450102002" and body["industries"] == ["hazchem"] and body["risk_grade"] == "orange"
    assert Enterprise.objects.get(pk=body["id"]).region_path.startswith("450000/450100/")


def test_lower_case_uscc_is_stored_upper_case(api_for, official_a):
    code = make_uscc("450102", 78)
    response = api_for(official_a).post("/api/v1/enterprises/", payload(uscc=code.lower()), format="json")
    assert response.status_code == 201
    assert response.json()["uscc"] == code


def test_wrong_check_character_is_refused_naming_the_field(api_for, official_a):
    code = make_uscc("450102", 79)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = api_for(official_a).post("/api/v1/enterprises/", payload(uscc=wrong), format="json")
    assert response.status_code == 400
    assert "校验位" in response.json()["uscc"][0]
    assert not Enterprise.objects.exists()


def test_duplicate_uscc_is_refused(api_for, official_a, enterprise_a):
    response = api_for(official_a).post("/api/v1/enterprises/", payload(uscc=enterprise_a.uscc), format="json")
    assert response.status_code == 400 and "已登记" in response.json()["uscc"][0]


def test_creating_outside_jurisdiction_is_refused(api_for, official_a):
    response = api_for(official_a).post("/api/v1/enterprises/", payload(region="450202001"), format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "region" and "辖区" in response.json()["detail"]
    assert not Enterprise.objects.exists()


def test_industry_regulator_cannot_register_another_industry(api_for, construction_official):
    response = api_for(construction_official).post("/api/v1/enterprises/", payload(), format="json")
    assert response.status_code == 400 and response.json()["field"] == "industries"


def test_leader_may_read_but_not_create(api_for, leader_a):
    assert api_for(leader_a).post("/api/v1/enterprises/", payload(), format="json").status_code == 403


def test_moving_an_enterprise_out_of_jurisdiction_is_refused(api_for, official_a, enterprise_a):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"region": "450202001"}, format="json"
    )
    assert response.status_code == 400
    enterprise_a.refresh_from_db()
    assert enterprise_a.region.code == "450102001"


def test_filters_region_subtree_industry_and_risk(api_for, official_a):
    a = EnterpriseFactory()
    b = EnterpriseFactory(industries=["construction"], risk_grade="red")
    from core.models import Region

    c = EnterpriseFactory(region=Region.objects.get(code="450103001"))
    client = api_for(official_a)

    def ids(**params):
        return {e["id"] for e in client.get("/api/v1/enterprises/", params).json()["results"]}

    assert ids(region="450102") == {a.pk, b.pk}
    assert ids(region="450100") == {a.pk, b.pk, c.pk}
    assert ids(industry="construction") == {b.pk}
    assert ids(risk_grade="red") == {b.pk}
    assert ids(region="999999") == set()


def test_list_has_results_and_next_link(api_for, official_a):
    for _ in range(55):
        EnterpriseFactory()
    body = api_for(official_a).get("/api/v1/enterprises/").json()
    assert len(body["results"]) == 50 and "cursor=" in body["next"] and body["previous"] is None
    assert body["count"] == 55 and body["count_estimated"] is False
    rest = api_for(official_a).get(body["next"]).json()
    assert len(rest["results"]) == 5 and rest["next"] is None and "cursor=" in rest["previous"]


def test_reference_endpoints(api_for, official_a):
    client = api_for(official_a)
    regions = client.get("/api/v1/regions/", {"parent": "450100"}).json()["results"]
    assert {r["code"] for r in regions} == {"450102", "450103"}
    assert client.get("/api/v1/industries/hazchem/").json()["name"] == "危险化学品"
    assert client.get("/api/v1/agencies/").status_code == 200


def test_schema_and_local_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "swagger" in docs.lower()


def test_region_must_be_county_or_below(api_for, official_a):
    response = api_for(official_a).post("/api/v1/enterprises/", payload(region="450100"), format="json")
    assert response.status_code == 400 and response.json()["field"] == "region"
    assert not Enterprise.objects.exists()
