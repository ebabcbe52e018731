from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from core import uploads
from inspections import services
from inspections.models import Inspection, InspectionEvidence

from .conftest import jpeg_bytes

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def official_inspection(campaign, enterprise_a, official_a, official_a2):
    return services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        inspectors=[official_a, official_a2],
    )


def _upload(api, inspection, name, data, item=None):
    payload = {"file": SimpleUploadedFile(name, data)}
    if item:
        payload["item"] = item.pk
    return api.post(f"/api/v1/inspections/{inspection.pk}/evidence/", payload, format="multipart")


def test_enterprise_user_fills_and_submits_a_self_inspection_through_the_api(
    api_for, self_inspection, enterprise_user, items, full_answers
):
    api = api_for(enterprise_user)
    listing = api.get("/api/v1/inspections/").json()
    assert [row["id"] for row in listing["results"]] == [self_inspection.pk]
    assert {"id", "kind", "method", "campaign", "enterprise", "status", "planned_start", "planned_end"} <= set(
        listing["results"][0]
    )
    r = api.put(f"/api/v1/inspections/{self_inspection.pk}/answers/", {"answers": full_answers}, format="json")
    assert r.status_code == 200, r.content
    r = api.post(f"/api/v1/inspections/{self_inspection.pk}/submit/", {}, format="json")
    assert r.status_code == 400 and r.json()["missing_items"] == [items["2"].pk]
    assert _upload(api, self_inspection, "photo.jpg", jpeg_bytes(), items["2"]).status_code == 201
    r = api.post(f"/api/v1/inspections/{self_inspection.pk}/submit/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    r = api.put(f"/api/v1/inspections/{self_inspection.pk}/answers/", {"answers": full_answers}, format="json")
    assert r.status_code == 409


def test_official_plans_an_inspection_through_the_api_with_certificate_check(
    api_for, campaign, enterprise_a, official_a, official_a2, leader_a
):
    api = api_for(official_a)
    body = {
        "campaign": campaign.pk,
        "enterprise": enterprise_a.pk,
        "kind": "enforcement",
        "inspectors": [official_a.pk, leader_a.pk],
    }
    r = api.post("/api/v1/inspections/", body, format="json")
    assert r.status_code == 400 and "覃国华" in r.json()["detail"]
    body["inspectors"] = [official_a.pk, official_a2.pk]
    r = api.post("/api/v1/inspections/", body, format="json")
    assert r.status_code == 201 and r.json()["warnings"] == []
    pk = r.json()["id"]
    r = api.patch(
        f"/api/v1/inspections/{pk}/", {"planned_start": "2026-06-01", "planned_end": "2026-06-02"}, format="json"
    )
    assert r.status_code == 200 and r.json()["planned_end"] == "2026-06-02"


def test_unannounced_inspection_is_not_listed_for_the_enterprise(
    api_for, campaign, enterprise_a, official_a, official_a2, enterprise_user
):
    hidden = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        method="unannounced",
        inspectors=[official_a, official_a2],
    )
    api = api_for(enterprise_user)
    assert hidden.pk not in [row["id"] for row in api.get("/api/v1/inspections/").json()["results"]]
    assert api.get(f"/api/v1/inspections/{hidden.pk}/").status_code == 404
    assert api.get(f"/api/v1/inspections/{hidden.pk}/record.pdf").status_code == 404


def test_enterprise_user_cannot_change_an_official_inspection(api_for, official_inspection, enterprise_user):
    services.inspection_start(actor=official_inspection.inspectors.first(), inspection=official_inspection)
    r = api_for(enterprise_user).put(
        f"/api/v1/inspections/{official_inspection.pk}/answers/", {"answers": []}, format="json"
    )
    assert r.status_code == 403


def test_upload_rejects_a_renamed_executable(api_for, official_inspection, official_a):
    r = _upload(api_for(official_a), official_inspection, "photo.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    assert r.status_code == 400 and "不是允许的类型" in r.json()["detail"]


def test_upload_rejects_an_oversized_file(api_for, official_inspection, official_a, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_EVIDENCE_BYTES", 1000)
    r = _upload(api_for(official_a), official_inspection, "big.jpg", jpeg_bytes(size=(400, 400)))
    assert r.status_code == 400 and "过大" in r.json()["detail"]


def test_upload_rejects_a_polyglot_jpeg_with_appended_zip_or_pdf(api_for, official_inspection, official_a):
    api = api_for(official_a)
    for tail in (b"PK\x03\x04" + b"\x00" * 30, b"%PDF-1.4\n1 0 obj\n%%EOF"):
        r = _upload(api, official_inspection, "photo.jpg", jpeg_bytes() + tail)
        assert r.status_code == 400 and "伪装" in r.json()["detail"]
    assert not InspectionEvidence.objects.exists()


def test_upload_accepts_a_real_jpeg_and_extracts_exif_time_and_gps(api_for, official_inspection, official_a):
    r = _upload(api_for(official_a), official_inspection, "site.jpg", jpeg_bytes(gps=True))
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["gps_lat"] == "22.810000" and data["gps_lon"] == "108.350000"
    assert data["exif_taken_at"].startswith("2026-05-06T10:11:12")
    assert len(data["sha256"]) == 64


def test_evidence_of_another_enterprise_answers_404(client, self_inspection, enterprise_user, enterprise_user_b, items):
    ev = services.inspection_add_evidence(
        actor=enterprise_user,
        inspection=self_inspection,
        upload=SimpleUploadedFile("p.jpg", jpeg_bytes()),
        item=items["2"],
    )
    client.force_login(enterprise_user)
    assert client.get(f"/inspections/evidence/{ev.pk}/").status_code == 200
    assert client.get(f"/inspections/evidence/{ev.pk}/original/").status_code == 200
    client.force_login(enterprise_user_b)
    assert client.get(f"/inspections/evidence/{ev.pk}/").status_code == 404
    assert client.get(f"/inspections/evidence/{ev.pk}/original/").status_code == 404


def test_record_pdf_contains_the_enterprise_name(api_for, official_inspection, official_a, items, full_answers):
    services.inspection_save_answers(actor=official_a, inspection=official_inspection, answers=full_answers)
    services.inspection_add_evidence(
        actor=official_a,
        inspection=official_inspection,
        upload=SimpleUploadedFile("p.jpg", jpeg_bytes(gps=True)),
        item=items["2"],
    )
    services.finding_add(actor=official_a, inspection=official_inspection, description="消防通道堆放杂物")
    r = api_for(official_a).get(f"/api/v1/inspections/{official_inspection.pk}/record.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages).replace(" ", "")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "inspection-record.pdf").write_bytes(r.content)  # looked at via pdftoppm
    assert "南宁邕江化工有限公司" in text and "现场检查记录" in text and "消防通道堆放杂物" in text


def test_pdf_fetcher_refuses_files_and_network():
    from inspections.renderers.pdf import ForbiddenResource, _fetcher_class

    fetcher = _fetcher_class()({"1": "/etc/hostname"})
    for url in ("file:///etc/passwd", "http://example.com/x.png", "evidence:2", "appstatic:../../etc/passwd"):
        with pytest.raises(ForbiddenResource):
            fetcher.fetch(url)
    assert fetcher.fetch("appstatic:css/app.css").status == 200


def test_draw_api_returns_seed_and_digest_and_verifies(api_for, campaign, enterprise_a, official_a, official_a2):
    api = api_for(official_a)
    r = api.post(
        f"/api/v1/campaigns/{campaign.pk}/draws/",
        {"count": 1, "planned_start": "2026-06-01", "planned_end": "2026-06-03"},
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert Inspection.objects.get(draw_id=body["id"]).planned_end.isoformat() == "2026-06-03"
    assert body["seed"] and len(body["inputs_digest"]) == 64 and body["result"][0]["enterprise"] == enterprise_a.pk
    v = api.get(f"/api/v1/draws/{body['id']}/verify/").json()
    assert v["ok"] is True


def test_list_costs_a_fixed_number_of_queries(api_for, campaign, official_a, official_a2):
    from tests.factories import EnterpriseFactory

    api = api_for(official_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/inspections/").status_code == 200
        return len(ctx.captured_queries)

    services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=EnterpriseFactory(),
        kind="enforcement",
        inspectors=[official_a, official_a2],
    )
    few = count()
    for _ in range(5):
        services.inspection_plan(
            actor=official_a,
            campaign=campaign,
            enterprise=EnterpriseFactory(),
            kind="enforcement",
            inspectors=[official_a, official_a2],
        )
    assert count() == few


@pytest.mark.parametrize(
    "method,suffix,body",
    [
        ("get", "", None),
        ("patch", "", {"conclusion": "x"}),
        ("put", "answers/", {"answers": []}),
        ("post", "submit/", {}),
        ("post", "start/", {}),
        ("post", "review/", {}),
        ("post", "findings/", {"description": "x"}),
        ("post", "people/", {"name": "x"}),
        ("get", "record.pdf", None),
    ],
)
def test_another_regions_official_gets_404_on_each_inspection_endpoint(
    api_for, official_inspection, official_b, method, suffix, body
):
    api = api_for(official_b)
    url = f"/api/v1/inspections/{official_inspection.pk}/{suffix}"
    r = getattr(api, method)(url, body, format="json") if body is not None else getattr(api, method)(url)
    assert r.status_code == 404


def test_another_regions_official_gets_404_on_evidence_and_draws(
    api_for, campaign, official_inspection, official_a, official_a2, official_b
):
    api = api_for(official_b)
    r = _upload(api, official_inspection, "p.jpg", jpeg_bytes())
    assert r.status_code == 404
    draw = api_for(official_a).post(f"/api/v1/campaigns/{campaign.pk}/draws/", {"count": 1}, format="json").json()
    assert api.get(f"/api/v1/draws/{draw['id']}/verify/").status_code == 404
    assert api.post(f"/api/v1/campaigns/{campaign.pk}/draws/", {"count": 1}, format="json").status_code == 404
    assert api.get(f"/api/v1/inspections/?campaign={campaign.pk}").json()["count"] == 0
    assert Inspection.objects.count() == 2
