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
from tests import pdf_checks

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


PHOTO_COLOUR = (200, 80, 40)  # jpeg_bytes() paints the whole photo in this colour


@pytest.fixture
def record_pdf(api_for, official_inspection, official_a, items, full_answers) -> bytes:
    """The 现场检查记录 of an inspection with answers, one evidence photo (64×48) and a finding."""
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
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "inspection-record.pdf").write_bytes(r.content)  # looked at via pdftoppm
    return r.content


def test_record_pdf_contains_the_enterprise_name(record_pdf):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(record_pdf)).pages).replace(" ", "")
    assert "南宁邕江化工有限公司" in text and "现场检查记录" in text and "消防通道堆放杂物" in text


def test_record_pdf_embeds_a_cjk_font_and_every_font_it_uses(record_pdf):
    """Without an embedded CJK font a viewer shows empty boxes while the text layer still reads right."""
    used = pdf_checks.fonts(record_pdf)
    assert any(("Noto" in name or "CJK" in name) and embedded for name, embedded in used.items()), used
    assert [name for name, embedded in used.items() if not embedded] == []


def test_record_pdf_first_page_shows_its_text_when_rendered(record_pdf):
    (page,) = pdf_checks.render(record_pdf, dpi=50, first=1, last=1)
    width, height = page.size
    assert (width, height) == (414, 585), "A4 portrait at 50 dpi"
    # The heading, the enterprise and the first checklist rows sit in the upper half: measured at
    # about 5 % dark pixels; a page without its glyphs (or blank) stays near 0 %.
    upper = pdf_checks.dark_fraction(page, (0, 0, width, height // 2))
    assert 0.02 < upper < 0.5, upper
    heading = pdf_checks.dark_fraction(page, (0, 0, width, height // 8))
    assert heading > 0.005, heading  # measured about 1.3 %


def test_record_pdf_draws_the_evidence_photo(record_pdf):
    assert (64, 48) in pdf_checks.images(record_pdf)
    pages = pdf_checks.render(record_pdf, dpi=50)
    # 54 mm × 40 mm at 50 dpi is about 106 × 79 pixels of the photo's colour on the page drawing it.
    assert max(pdf_checks.pixels_near(page, PHOTO_COLOUR) for page in pages) > 3000


def test_pdf_checks_see_a_blank_page_as_blank():
    """The checks above can fail: a blank page has no font, no image and no dark pixel."""
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    blank = out.getvalue()
    assert pdf_checks.fonts(blank) == {} and pdf_checks.images(blank) == []
    (page,) = pdf_checks.render(blank)
    assert pdf_checks.dark_fraction(page) == 0 and pdf_checks.pixels_near(page, PHOTO_COLOUR) == 0


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


def _evidence():
    return {"file": SimpleUploadedFile("p.jpg", jpeg_bytes())}


# One row per inspection endpoint: (method, suffix, a valid body (a function: uploads are read
# once), body format, the stage the inspection is in, the person of region A whose request
# succeeds, the success status). The same rows drive "another region gets 404" and "the owner
# succeeds", so a renamed or removed route fails the owner's twin instead of passing as a 404.
INSPECTION_ENDPOINTS = [
    ("get", "", None, None, "planned", "official_a", 200),
    ("patch", "", lambda: {"conclusion": "未发现问题"}, "json", "planned", "official_a", 200),
    ("put", "answers/", lambda: {"answers": []}, "json", "planned", "official_a", 200),
    ("post", "submit/", lambda: {"conclusion": "存在隐患，责令整改"}, "json", "answered", "official_a", 200),
    ("post", "start/", lambda: {}, "json", "planned", "official_a", 200),
    ("post", "review/", lambda: {"note": "同意"}, "json", "submitted", "leader_a", 200),
    ("post", "findings/", lambda: {"description": "消防通道堆放杂物"}, "json", "planned", "official_a", 201),
    ("post", "people/", lambda: {"name": "周安全", "post": "安全主任"}, "json", "planned", "official_a", 201),
    ("post", "evidence/", _evidence, "multipart", "planned", "official_a", 201),
    ("get", "record.pdf", None, None, "planned", "official_a", 200),
]
INSPECTION_ENDPOINT_IDS = [f"{method} {suffix or '/'}" for method, suffix, *_ in INSPECTION_ENDPOINTS]


@pytest.fixture
def inspection_at(official_inspection, official_a, items, full_answers):
    """The official inspection brought to a stage: planned, answered (complete, photo attached), submitted."""

    def bring(stage):
        if stage in ("answered", "submitted"):
            services.inspection_save_answers(actor=official_a, inspection=official_inspection, answers=full_answers)
            services.inspection_add_evidence(
                actor=official_a,
                inspection=official_inspection,
                upload=SimpleUploadedFile("p.jpg", jpeg_bytes()),
                item=items["2"],
            )
        if stage == "submitted":
            services.inspection_submit(actor=official_a, inspection=official_inspection, conclusion="存在隐患")
        return Inspection.objects.get(pk=official_inspection.pk)

    return bring


def _send(api, method, url, body, fmt):
    return getattr(api, method)(url) if body is None else getattr(api, method)(url, body(), format=fmt)


@pytest.mark.parametrize(
    "method,suffix,body,fmt,stage,owner,success", INSPECTION_ENDPOINTS, ids=INSPECTION_ENDPOINT_IDS
)
def test_another_regions_official_gets_404_on_each_inspection_endpoint(
    api_for, inspection_at, official_b, method, suffix, body, fmt, stage, owner, success
):
    inspection = inspection_at(stage)
    r = _send(api_for(official_b), method, f"/api/v1/inspections/{inspection.pk}/{suffix}", body, fmt)
    assert r.status_code == 404
    assert Inspection.objects.get(pk=inspection.pk).status == inspection.status


@pytest.mark.parametrize(
    "method,suffix,body,fmt,stage,owner,success", INSPECTION_ENDPOINTS, ids=INSPECTION_ENDPOINT_IDS
)
def test_the_owner_succeeds_on_each_inspection_endpoint(
    request, api_for, inspection_at, method, suffix, body, fmt, stage, owner, success
):
    inspection = inspection_at(stage)
    r = _send(
        api_for(request.getfixturevalue(owner)), method, f"/api/v1/inspections/{inspection.pk}/{suffix}", body, fmt
    )
    assert r.status_code == success, r.content


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
