"""Hazard and publicity operations the pages had and the API lacked: 立即整改, the public-report
inbox (属实立案 / 不予立案) and 曝光公示 (publish, the agency's list, withdraw)."""

from __future__ import annotations

import datetime

import pytest

from conftest import api_as
from enforcement.models import Publication
from hazards import services as hazard_services
from hazards.models import Hazard, PublicReport
from tests.hazards.conftest import major_plan, make_hazard, photo  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def is_chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


# --- 立即整改 ----------------------------------------------------------------------------------


def test_enterprise_rectifies_a_general_hazard_on_the_spot(enterprise_user, make_hazard):  # noqa: F811
    hazard = make_hazard()
    r = api_as(enterprise_user).post(
        f"/api/v1/hazards/{hazard.pk}/rectify-immediately/",
        {"description": "当场更换报警器", "photos": [photo()]},
        format="multipart",
    )
    assert r.status_code == 200, r.content
    assert r.data["status"] == "awaiting_acceptance"
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_acceptance" and hazard.evidence.filter(after=True).count() == 1


def test_rectifying_on_the_spot_without_photos_names_the_field(enterprise_user, make_hazard):  # noqa: F811
    hazard = make_hazard()
    r = api_as(enterprise_user).post(
        f"/api/v1/hazards/{hazard.pk}/rectify-immediately/", {"description": "当场整改"}, format="multipart"
    )
    assert r.status_code == 400
    assert list(r.data) == ["photos"] and is_chinese(r.data["photos"][0])
    assert Hazard.objects.get(pk=hazard.pk).status == "reported"


def test_another_enterprise_gets_404_rectifying_on_the_spot(enterprise_user_b, official_b, make_hazard):  # noqa: F811
    hazard = make_hazard()
    for user in (enterprise_user_b, official_b):
        r = api_as(user).post(
            f"/api/v1/hazards/{hazard.pk}/rectify-immediately/",
            {"description": "x", "photos": [photo()]},
            format="multipart",
        )
        assert r.status_code == 404
    assert Hazard.objects.get(pk=hazard.pk).status == "reported"


# --- the public-report inbox -------------------------------------------------------------------


@pytest.fixture
def report(agency_a, enterprise_a):
    return hazard_services.public_report_submit(
        description="消防通道堵塞",
        location="厂区东门",
        region=enterprise_a.region,
        industry=enterprise_a.industries.first(),
    )


def test_the_receiving_agency_lists_and_verifies_a_report_into_a_hazard(official_a, report, enterprise_a):
    client = api_as(official_a)
    listed = client.get("/api/v1/public-reports/")
    assert [row["tracking_number"] for row in listed.data["results"]] == [report.tracking_number]
    r = client.post(f"/api/v1/public-reports/{report.pk}/verify/", {"enterprise": enterprise_a.pk, "level": "major"})
    assert r.status_code == 201, r.content
    hazard = Hazard.objects.get(pk=r.data["id"])
    assert (hazard.enterprise, hazard.level, hazard.source) == (enterprise_a, "major", "public_report")
    assert client.get(f"/api/v1/public-reports/{report.pk}/").data["status"] == "verified"


def test_dismissing_a_report_needs_a_reason_naming_the_field(official_a, report):
    client = api_as(official_a)
    bad = client.post(f"/api/v1/public-reports/{report.pk}/dismiss/", {"reason": ""}, format="json")
    assert bad.status_code == 400 and list(bad.data) == ["reason"] and is_chinese(bad.data["reason"][0])
    ok = client.post(f"/api/v1/public-reports/{report.pk}/dismiss/", {"reason": "已转环保部门"}, format="json")
    assert ok.status_code == 200 and (ok.data["status"], ok.data["reply"]) == ("dismissed", "已转环保部门")


def test_verifying_with_a_bad_level_names_the_field(official_a, report, enterprise_a):
    r = api_as(official_a).post(
        f"/api/v1/public-reports/{report.pk}/verify/", {"enterprise": enterprise_a.pk, "level": "huge"}, format="json"
    )
    assert r.status_code == 400 and list(r.data) == ["level"] and is_chinese(r.data["level"][0])


def test_another_regions_official_gets_404_for_the_report(official_b, enterprise_user, report, enterprise_b):
    for user in (official_b, enterprise_user):
        client = api_as(user)
        assert client.get("/api/v1/public-reports/").data["results"] == []
        assert client.get(f"/api/v1/public-reports/{report.pk}/").status_code == 404
        verify = client.post(f"/api/v1/public-reports/{report.pk}/verify/", {"enterprise": enterprise_b.pk})
        assert verify.status_code == 404
        dismiss = client.post(f"/api/v1/public-reports/{report.pk}/dismiss/", {"reason": "x"}, format="json")
        assert dismiss.status_code == 404
    assert PublicReport.objects.get(pk=report.pk).status == "submitted"


def test_an_enterprise_outside_the_jurisdiction_is_404_when_verifying(official_a, report, enterprise_b):
    r = api_as(official_a).post(f"/api/v1/public-reports/{report.pk}/verify/", {"enterprise": enterprise_b.pk})
    assert r.status_code == 404
    assert not Hazard.objects.exists()


# --- 曝光公示 ----------------------------------------------------------------------------------


@pytest.fixture
def listed_major(official_a, make_hazard, major_plan):  # noqa: F811
    hazard = make_hazard(status="awaiting_acceptance", level="major", description="液氨储罐区重大隐患", **major_plan)
    hazard_services.hazard_list_for_supervision(
        hazard=hazard,
        actor=official_a,
        level="city",
        doc_number="南安委督〔2026〕5号",
        listed_on=datetime.date(2026, 11, 1),
    )
    return hazard


def test_official_publishes_a_listed_major_hazard_and_withdraws_it(official_a, official_a2, listed_major):
    r = api_as(official_a).post("/api/v1/publications/", {"hazard": listed_major.pk}, format="json")
    assert r.status_code == 201, r.content
    assert (r.data["kind"], r.data["hazard"], r.data["withdrawn"]) == ("major_hazard", listed_major.pk, False)
    # A colleague of the same agency sees it in the agency's list and withdraws it.
    colleague = api_as(official_a2)
    assert [row["id"] for row in colleague.get("/api/v1/publications/").data["results"]] == [r.data["id"]]
    done = colleague.post(f"/api/v1/publications/{r.data['id']}/withdraw/", {"reason": "信息有误"}, format="json")
    assert done.status_code == 200 and done.data["withdrawn"] and done.data["withdraw_reason"] == "信息有误"


def test_publishing_needs_exactly_one_entry_naming_the_fields(official_a, listed_major):
    client = api_as(official_a)
    none = client.post("/api/v1/publications/", {}, format="json")
    assert none.status_code == 400 and list(none.data) == ["hazard"] and is_chinese(none.data["hazard"][0])
    two = client.post("/api/v1/publications/", {"hazard": listed_major.pk, "blacklist_entry": 1}, format="json")
    assert two.status_code == 400 and set(two.data) == {"hazard", "blacklist_entry"}
    assert not Publication.objects.exists()


def test_withdrawing_needs_a_reason_naming_the_field(official_a, listed_major):
    client = api_as(official_a)
    pk = client.post("/api/v1/publications/", {"hazard": listed_major.pk}, format="json").data["id"]
    r = client.post(f"/api/v1/publications/{pk}/withdraw/", {}, format="json")
    assert r.status_code == 400 and list(r.data) == ["reason"] and is_chinese(r.data["reason"][0])
    assert not Publication.objects.get(pk=pk).withdrawn


def test_another_regions_official_gets_404_publishing_or_withdrawing(official_a, official_b, listed_major):
    client_b = api_as(official_b)
    assert client_b.post("/api/v1/publications/", {"hazard": listed_major.pk}, format="json").status_code == 404
    assert not Publication.objects.exists()
    pk = api_as(official_a).post("/api/v1/publications/", {"hazard": listed_major.pk}, format="json").data["id"]
    assert client_b.get("/api/v1/publications/").data["results"] == []
    assert client_b.get(f"/api/v1/publications/{pk}/").status_code == 404
    assert client_b.post(f"/api/v1/publications/{pk}/withdraw/", {"reason": "x"}, format="json").status_code == 404
    assert not Publication.objects.get(pk=pk).withdrawn
