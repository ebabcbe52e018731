"""Public reports without an account: captcha, rate limit, upload checks, routing, tracking."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from hazards import services
from hazards.models import PublicReport
from tests.hazards.conftest import photo

pytestmark = pytest.mark.django_db


def _captcha(client):
    data = client.get("/api/v1/public/captcha/").json()
    a, b = data["question"].split(" = ")[0].split(" + ")
    return data["token"], str(int(a) + int(b))


def _post(client, answer=None, **extra):
    token, right = _captcha(client)
    payload = {
        "description": "某化工厂夜间偷排，储罐区无人值守",
        "location": "民生街道工业路18号",
        "region": "450102001",
        "industry": "hazchem",
        "captcha_token": token,
        "captcha_answer": right if answer is None else answer,
        **extra,
    }
    return client.post("/api/v1/public/reports/", payload, format="multipart")


def test_report_without_login_gets_a_tracking_number_and_is_routed(agency_a, agency_b):
    client = APIClient()
    r = _post(client, photo=photo("scene.png"))
    assert r.status_code == 201, r.json()
    number = r.json()["tracking_number"]
    report = PublicReport.objects.get(tracking_number=number)
    assert report.agency == agency_a and report.photos.count() == 1
    status = client.get(f"/api/v1/public/reports/{number}/").json()
    assert status["status"] == "submitted" and status["agency"] == "南宁市应急管理局"


def test_industry_regulator_at_same_level_wins_routing(agency_a, construction_agency):
    from core.models import Industry, Region

    region = Region.objects.get(code="450102001")
    assert services.responsible_agency_for(region, Industry.objects.get(code="construction")) == construction_agency
    assert services.responsible_agency_for(region, Industry.objects.get(code="hazchem")) == agency_a


def test_wrong_captcha_is_refused(agency_a):
    r = _post(APIClient(), answer="999")
    assert r.status_code == 400 and r.json()["field"] == "captcha_answer"
    assert not PublicReport.objects.exists()


def test_captcha_token_cannot_be_reused(agency_a):
    client = APIClient()
    token, right = _captcha(client)
    base = {
        "description": "x",
        "location": "y",
        "region": "450102001",
        "industry": "hazchem",
        "captcha_token": token,
        "captcha_answer": right,
    }
    assert client.post("/api/v1/public/reports/", base, format="multipart").status_code == 201
    assert client.post("/api/v1/public/reports/", base, format="multipart").status_code == 400


def test_renamed_executable_is_refused(agency_a):
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    r = _post(APIClient(), photo=exe)
    assert r.status_code == 400 and r.json()["field"] == "file"
    assert not PublicReport.objects.exists()


def test_rate_limit_per_address(agency_a, settings):
    settings.PUBLIC_REPORT_RATE_LIMIT = 5
    client = APIClient()
    codes = [_post(client).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]
    other = APIClient(REMOTE_ADDR="10.0.0.9")
    assert _post(other).status_code == 201


def test_agency_official_verifies_into_a_hazard(agency_a, official_a, official_b, enterprise_a):
    report = services.public_report_submit(
        description="消防通道堵塞",
        location="厂区东门",
        region=enterprise_a.region,
        industry=enterprise_a.industries.first(),
    )
    from core.errors import NotPermitted

    with pytest.raises(NotPermitted):
        services.public_report_dismiss(report=report, actor=official_b, reason="x")
    hazard = services.public_report_verify(report=report, actor=official_a, enterprise=enterprise_a, level="general")
    assert hazard.source == "public_report"
    report.refresh_from_db()
    assert report.status == "verified"


def test_dismissal_carries_its_reason_to_the_tracking_page(agency_a, official_a, enterprise_a):
    report = services.public_report_submit(
        description="噪音扰民", location="x", region=enterprise_a.region, industry=enterprise_a.industries.first()
    )
    services.public_report_dismiss(report=report, actor=official_a, reason="不属于安全生产隐患，已转环保部门")
    r = APIClient().get(f"/api/v1/public/reports/{report.tracking_number}/").json()
    assert r["status"] == "dismissed" and "环保" in r["reply"]


def test_unknown_tracking_number_is_404():
    assert APIClient().get("/api/v1/public/reports/NOPE123/").status_code == 404
