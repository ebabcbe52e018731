"""Statistics reports submitted level by level: drafts, the frozen snapshot and its SHA-256, the
upper level's sum of submitted figures, return and accept, bad input, scoping, the beat job."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from core.models import Region
from reports import services
from reports.models import StatReport, StatReportVersion
from reports.selectors import report_data, snapshot_verifies
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db


def _generate(world, actor, code, period="2026-06", form="seed004"):
    report, _created = services.stat_report_generate(
        actor=actor, campaign=world["campaign"], region=Region.objects.get(code=code), period=period, form=form
    )
    return report


def _total(data) -> dict:
    return next(r for r in data["rows"] if r["kind"] == "total")["values"]


def test_submitted_report_is_frozen_verified_and_kept_with_its_excel(world, districts, official_a):
    xn = districts["450102"]["official"]
    report = _generate(world, official_a, "450102")
    assert report.status == "draft" and report.agency == districts["450102"]["agency"]
    report = services.stat_report_submit(actor=xn, report=report, remark="本月完成检查 2 家")
    assert report.status == "submitted" and snapshot_verifies(report)
    assert _total(report.snapshot)["general_found"] == 3
    workbook = openpyxl.load_workbook(report.file.open("rb"))
    assert workbook.sheetnames[0] == "统计报表"

    from hazards.models import Hazard

    Hazard.objects.create(
        enterprise=world["e"][0],
        campaign=world["campaign"],
        source="self_report",
        description="新隐患",
        found_at=at("2026-06-20"),
    )
    report.refresh_from_db()
    assert _total(report_data(report))["general_found"] == 3  # the snapshot, not the live figures
    assert snapshot_verifies(report)
    report.snapshot["rows"][-1]["values"]["general_found"] = 99  # altered behind the application's back
    assert not snapshot_verifies(report)


def test_upper_level_sums_submitted_figures_and_names_the_missing(world, districts, official_a):
    xn = districts["450102"]["official"]
    services.stat_report_submit(actor=xn, report=_generate(world, official_a, "450102"))
    from hazards.models import Hazard

    Hazard.objects.create(  # after 兴宁's submission: the city's sum keeps what 兴宁 reported
        enterprise=world["e"][0],
        campaign=world["campaign"],
        source="self_report",
        description="新隐患",
        found_at=at("2026-06-20"),
    )
    city = report_data(_generate(world, official_a, "450100"))
    rows = {r["key"]: r for r in city["rows"]}
    assert rows["450102"]["status"] == "submitted" and rows["450102"]["values"]["general_found"] == 3
    assert rows["450103"]["status"] == "missing" and rows["450103"]["values"]["general_found"] is None
    assert city["missing"] == ["青秀区"]
    assert _total(city)["general_found"] == 3 and _total(city)["groups"] == 1  # own level + 兴宁 as submitted


def test_return_with_reason_then_resubmit_then_accept_keeps_the_history(world, districts, official_a):
    xn = districts["450102"]["official"]
    report = services.stat_report_submit(actor=xn, report=_generate(world, official_a, "450102"))
    report = services.stat_report_return(actor=official_a, report=report, reason="检查次数与台账不符")
    assert report.status == "returned" and report.returned_reason == "检查次数与台账不符"
    report = services.stat_report_submit(actor=xn, report=report, remark="已更正")
    report = services.stat_report_accept(actor=official_a, report=report)
    assert report.status == "accepted"
    versions = list(StatReportVersion.objects.filter(report=report).values_list("number", "outcome", "outcome_reason"))
    assert versions == [(1, "returned", "检查次数与台账不符"), (2, "accepted", "")]
    from core.audit import history_for

    assert [e.action for e in history_for(report)] == [
        "stat_report_generate",
        "stat_report_submit",
        "stat_report_return",
        "stat_report_submit",
        "stat_report_accept",
    ]


def test_bad_steps_are_refused_and_write_nothing(world, districts, official_a):
    xn = districts["450102"]["official"]
    qx = districts["450103"]["official"]
    report = _generate(world, official_a, "450102")
    with pytest.raises(NotPermitted):
        services.stat_report_submit(actor=qx, report=report)  # another unit
    report = services.stat_report_submit(actor=xn, report=report)
    with pytest.raises(TransitionNotAllowed):
        services.stat_report_submit(actor=xn, report=report)  # twice
    with pytest.raises(DomainError) as exc:
        services.stat_report_return(actor=official_a, report=report, reason=" ")
    assert exc.value.field == "reason"
    with pytest.raises(NotPermitted):
        services.stat_report_accept(actor=xn, report=report)  # its own unit, not the upper level
    with pytest.raises(NotPermitted):
        services.stat_report_accept(actor=qx, report=report)  # a sibling, not the upper level
    report.refresh_from_db()
    assert report.status == "submitted" and report.versions.count() == 1
    with pytest.raises(DomainError) as exc:
        _generate(world, official_a, "450102", period="2025-12")
    assert exc.value.field == "period"
    with pytest.raises(DomainError) as exc:
        _generate(world, official_a, "450102", form="monthly")
    assert exc.value.field == "form"
    assert StatReport.objects.count() == 1


def test_api_generates_submits_returns_and_accepts(world, districts, official_a, api_for):
    xn = districts["450102"]["official"]
    body = {"campaign": world["campaign"].pk, "region": "450102", "period": "2026-06", "form": "seed004"}
    created = api_for(official_a).post("/api/v1/stat-reports/", body, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api_for(official_a).post("/api/v1/stat-reports/", body, format="json").status_code == 200  # exists
    detail = api_for(xn).get(f"/api/v1/stat-reports/{pk}/").json()
    assert _total(detail["figures"])["general_found"] == 3
    assert api_for(xn).post(f"/api/v1/stat-reports/{pk}/submit/", {"remark": "正常"}, format="json").status_code == 200
    assert api_for(xn).post(f"/api/v1/stat-reports/{pk}/submit/", {}, format="json").status_code == 409
    refused = api_for(official_a).post(f"/api/v1/stat-reports/{pk}/return/", {"reason": ""}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    assert api_for(xn).post(f"/api/v1/stat-reports/{pk}/accept/", {}, format="json").status_code == 403
    assert api_for(official_a).post(f"/api/v1/stat-reports/{pk}/accept/", {}, format="json").status_code == 200
    xlsx = api_for(official_a).get(f"/api/v1/stat-reports/{pk}/xlsx/")
    assert xlsx.status_code == 200 and openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "统计报表"


def test_another_region_gets_nothing_and_enterprises_get_403(
    world, districts, official_a, official_b, enterprise_user, api_for
):
    report = _generate(world, official_a, "450102")
    qx = districts["450103"]["official"]
    assert api_for(official_b).get("/api/v1/stat-reports/").json()["count"] == 0
    assert api_for(official_b).get(f"/api/v1/stat-reports/{report.pk}/").status_code == 404
    assert api_for(official_b).post(f"/api/v1/stat-reports/{report.pk}/accept/").status_code == 404
    assert api_for(qx).get(f"/api/v1/stat-reports/{report.pk}/").status_code == 404  # a sibling district
    assert api_for(official_a).get(f"/api/v1/stat-reports/{report.pk}/").status_code == 200  # the owner's city
    assert api_for(enterprise_user).get("/api/v1/stat-reports/").status_code == 403
    body = {"campaign": world["campaign"].pk, "region": "450200", "period": "2026-06", "form": "seed004"}
    response = api_for(official_a).post("/api/v1/stat-reports/", body, format="json")
    assert response.status_code == 400 and response.json()["field"] == "region"


def test_pages_show_the_report_and_its_actions(world, districts, official_a):
    from django.test import Client

    xn = districts["450102"]["official"]
    report = _generate(world, official_a, "450102")
    client = Client()
    client.force_login(xn)
    page = client.get(f"/reports/stat-reports/{report.pk}/")
    assert page.status_code == 200 and 'id="submit-form"' in page.content.decode()
    response = client.post(f"/reports/stat-reports/{report.pk}/do/submit/", {"remark": "正常"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    client.force_login(official_a)
    page = client.get(f"/reports/stat-reports/{report.pk}/").content.decode()
    assert 'id="accept"' in page and "SHA-256 校验一致" in page


@pytest.mark.worker
def test_due_day_job_makes_one_draft_per_unit_under_a_real_worker_run_twice(
    celery_worker, world, districts, official_a
):
    from campaigns.services import submissions_generate
    from reports.tasks import generate_due_stat_reports

    requirement = world["campaign"].report_requirements.get(stat_form="seed004")
    submissions_generate(requirement=requirement, until=datetime.date(2026, 6, 23))
    results = [generate_due_stat_reports.delay("2026-06-23"), generate_due_stat_reports.delay("2026-06-23")]
    assert sorted(r.get(timeout=60) for r in results) == [0, 3]
    reports = StatReport.objects.filter(campaign=world["campaign"], period="2026-06")
    assert sorted(reports.values_list("region__code", flat=True)) == ["450100", "450102", "450103"]
    assert reports.filter(region__code="450102", submission__agency__region__code="450102").exists()
    submission = reports.get(region__code="450102").submission
    assert submission.file.name.endswith(".docx") and submission.submitted_at is None  # the progress draft
    assert generate_due_stat_reports.delay("2026-06-24").get(timeout=60) == 0  # not a due day


@pytest.mark.worker
def test_due_day_job_published_four_times_at_once_makes_one_draft_per_unit(
    celery_parallel_worker, world, districts, official_a
):
    from campaigns.services import submissions_generate
    from reports.tasks import generate_due_stat_reports
    from tests.utils import publish_at_once

    requirement = world["campaign"].report_requirements.get(stat_form="seed004")
    submissions_generate(requirement=requirement, until=datetime.date(2026, 6, 23))
    results = publish_at_once(generate_due_stat_reports, "2026-06-23", gate=StatReport)
    assert sum(results) == 3  # each unit's draft made by exactly one copy
    reports = StatReport.objects.filter(campaign=world["campaign"], period="2026-06")
    assert sorted(reports.values_list("region__code", flat=True)) == ["450100", "450102", "450103"]
    drafts = {r.region.code: r.submission for r in reports if r.submission_id}
    assert sorted(drafts) == ["450102", "450103"]  # the districts' submissions; the city reports to nobody
    assert all(d.file.name.endswith(".docx") and d.submitted_at is None for d in drafts.values())
