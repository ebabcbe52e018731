"""Bulletins (通报): the sub-units scored and ranked under the campaign's weights, drafted, issued
(frozen with a hash and a PDF) and shown to the sub-units; the quarterly exposure list."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from core.errors import DomainError, TransitionNotAllowed
from core.models import Region
from reports.bulletins import bulletin_content, bulletin_create, bulletin_issue
from reports.models import Bulletin
from reports.selectors import digest

pytestmark = pytest.mark.django_db


def _draft(world, official_a, **kwargs):
    return bulletin_create(
        actor=official_a,
        region=Region.objects.get(code="450100"),
        period="2026-06",
        campaign=world["campaign"],
        **kwargs,
    )


def test_sub_units_are_ranked_by_the_weighted_score(world, official_a):
    data = bulletin_content(_draft(world, official_a))
    rows = {r["name"]: r for r in data["rows"]}
    # 兴宁区: coverage 50% × 30 + rectification 66.7% × 30 = 15 + 20.0; no major hazard, no submissions due
    assert rows["兴宁区"]["points"] == {
        "coverage_rate": 15.0,
        "rectification_rate": 20.0,
        "major_closure_rate": 0.0,
        "timeliness_rate": 0.0,
    }
    assert rows["兴宁区"]["score"] == 35.0 and rows["兴宁区"]["rank"] == 1
    # 青秀区: coverage 100% × 30; its one hazard (major) is not closed
    assert rows["青秀区"]["score"] == 30.0 and rows["青秀区"]["rank"] == 2
    assert "<svg" in data["chart"] and "兴宁区" in data["chart"] and "青秀区" in data["chart"]


def test_the_campaigns_weights_decide_the_ranking(world, official_a):
    campaign = world["campaign"]
    campaign.score_coverage, campaign.score_rectification = 60, 0
    campaign.save()
    rows = bulletin_content(_draft(world, official_a))["rows"]
    assert [(r["name"], r["score"]) for r in rows] == [("青秀区", 60.0), ("兴宁区", 30.0)]


def test_issuing_freezes_the_bulletin_with_its_hash_and_a_chinese_pdf(world, official_a):
    bulletin = _draft(world, official_a)
    with pytest.raises(DomainError) as exc:
        bulletin_issue(actor=official_a, bulletin=bulletin)
    assert exc.value.field == "doc_number"
    bulletin = bulletin_issue(actor=official_a, bulletin=bulletin, doc_number="南应急通〔2026〕3号")
    assert bulletin.status == "issued" and digest(bulletin.snapshot) == bulletin.snapshot_sha256
    with pytest.raises(TransitionNotAllowed):
        bulletin_issue(actor=official_a, bulletin=bulletin, doc_number="x")
    reader = PdfReader(io.BytesIO(bulletin.pdf.read()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "南应急通〔2026〕3号" in text and "兴宁区" in text and "打分排队" in text
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert any("CJK" in name or "Noto" in name for name in fonts), fonts


def test_a_period_with_no_data_is_refused_and_nothing_is_written(world, official_a):
    with pytest.raises(DomainError) as exc:
        bulletin_create(
            actor=official_a, region=Region.objects.get(code="450100"), period="2026-02", campaign=world["campaign"]
        )
    assert exc.value.field == "period"
    assert not Bulletin.objects.exists()


def test_an_issued_bulletin_reaches_the_sub_units_home_and_no_other_region(world, official_a, official_b, districts):
    bulletin = _draft(world, official_a)
    xn = districts["450102"]["official"]
    client = Client()
    client.force_login(xn)
    assert client.get(f"/reports/bulletins/{bulletin.pk}/").status_code == 404  # a draft stays with its unit
    bulletin_issue(actor=official_a, bulletin=bulletin, doc_number="南应急通〔2026〕3号")
    assert client.get(f"/reports/bulletins/{bulletin.pk}/").status_code == 200
    assert bulletin.title in client.get("/").content.decode()
    client.force_login(official_b)
    assert client.get(f"/reports/bulletins/{bulletin.pk}/").status_code == 404
    assert client.get(f"/reports/bulletins/{bulletin.pk}/pdf/").status_code == 404


def test_api_drafts_renders_and_issues(world, official_a, api_for, enterprise_user):
    body = {"campaign": world["campaign"].pk, "region": "450100", "period": "2026-06"}
    created = api_for(official_a).post("/api/v1/bulletins/", body, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    pdf = api_for(official_a).get(f"/api/v1/bulletins/{pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    issued = api_for(official_a).post(
        f"/api/v1/bulletins/{pk}/issue/", {"doc_number": "南应急通〔2026〕4号"}, format="json"
    )
    assert issued.status_code == 200 and issued.json()["status"] == "issued"
    again = api_for(official_a).post(f"/api/v1/bulletins/{pk}/issue/", {}, format="json")
    assert again.status_code == 409
    assert api_for(enterprise_user).get("/api/v1/bulletins/").status_code == 403
    bad = api_for(official_a).post("/api/v1/bulletins/", {**body, "period": "2026-02"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "period"


def test_quarterly_exposure_lists_open_major_hazards(world, official_a):
    bulletin = bulletin_create(
        actor=official_a, region=Region.objects.get(code="450100"), period="total", kind="exposure"
    )
    data = bulletin_content(bulletin)
    assert [h["enterprise"] for h in data["hazards"]] == ["青秀冶金三厂"]
    assert data["hazards"][0]["listed"] == "市级挂牌"


def test_only_the_units_own_officials_draft_its_bulletin(world, construction_official, districts):
    from core.errors import NotPermitted

    for actor in (construction_official, districts["450102"]["official"]):  # same region, other agency; a district
        with pytest.raises(NotPermitted):
            bulletin_create(
                actor=actor, region=Region.objects.get(code="450100"), period="2026-06", campaign=world["campaign"]
            )
    assert not Bulletin.objects.exists()
