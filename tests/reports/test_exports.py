"""The download centre: exports equal their list, text stays text, jobs are their owner's, bad
filters are refused with the field named, a job survives a broker that is down, files expire."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from core.errors import DomainError
from reports.exports.jobs import export_request, exports_expire, exports_sweep
from reports.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    """`export_request`, with the job it queues after the commit run at once (eagerly), as a real
    request would have it run; the worker tests below use a real Celery worker instead."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return export_request(**kwargs)

    return run


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sheet(job):
    job.refresh_from_db()
    assert job.status == "done", job.error
    return openpyxl.load_workbook(job.file.open("rb")).worksheets[0]


def test_formula_and_control_characters_come_back_as_text(export, official_a):
    from tests.factories import EnterpriseFactory

    EnterpriseFactory(name="恶意\x07企业", address='=HYPERLINK("http://x.example","点我")')
    job = export(actor=official_a, kind="enterprises", filters={})
    sheet = _sheet(job)
    rows = list(sheet.iter_rows(min_row=3))
    address = next(c for c in rows[0] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert address.data_type == "s" and address.value == '=HYPERLINK("http://x.example","点我")'
    assert any(c.value == "恶意企业" for c in rows[0])
    csv_job = export(actor=official_a, kind="enterprises", filters={}, fmt="csv")
    csv_job.refresh_from_db()
    text = csv_job.file.open("rb").read().decode("utf-8-sig")
    row = next(csv.reader(io.StringIO(text.split("\n", 1)[1])))
    assert '\'=HYPERLINK("http://x.example","点我")' in row


def test_hazard_ledger_has_the_lists_rows_with_the_same_filters(export, world, official_a):
    client = _client(official_a)
    for filters in ({}, {"status": "closed"}, {"level": "major"}, {"region": "450102"}):
        listed = client.get("/hazards/", filters).context["page_obj"].count
        job = export(actor=official_a, kind="hazards", filters=filters)
        sheet = _sheet(job)
        assert sheet.max_row - 2 == listed == job.total, filters
    header = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert header[:6] == ["序号", "隐患编号", "企业名称", "发现时间", "来源", "隐患描述"] and header[-1] == "逾期天数"
    assert [row[0].value for row in sheet.iter_rows(min_row=3)] == list(range(1, sheet.max_row - 1))


def test_a_drill_down_exports_exactly_the_figures_rows(export, world, official_a):
    filters = {"stat": "general_found", "campaign": world["campaign"].pk, "region": "450100", "period": "2026-06"}
    job = export(actor=official_a, kind="hazards", filters=filters)
    assert _sheet(job).max_row - 2 == 3


def test_the_file_holds_only_rows_the_user_may_see(export, world, official_b, official_a):
    job = export(actor=official_b, kind="hazards", filters={})
    job.refresh_from_db()
    assert job.total == 0
    job = export(actor=official_a, kind="enterprises", filters={})
    job.refresh_from_db()
    assert job.total == 4  # 南宁's enterprises only


def test_a_job_is_its_owners_even_in_the_same_agency(export, world, official_a, official_a2, api_for):
    job = export(actor=official_a, kind="hazards", filters={})
    for url in (f"/reports/downloads/{job.pk}/status/", f"/reports/downloads/{job.pk}/file/"):
        assert _client(official_a2).get(url).status_code == 404
        assert _client(official_a).get(url).status_code == 200
    assert api_for(official_a2).get(f"/api/v1/exports/{job.pk}/").status_code == 404
    assert api_for(official_a2).get(f"/api/v1/exports/{job.pk}/file/").status_code == 404
    assert api_for(official_a).get(f"/api/v1/exports/{job.pk}/file/").status_code == 200
    assert api_for(official_a2).get("/api/v1/exports/").json()["count"] == 0


@pytest.mark.parametrize(
    "kind, filters, field",
    [
        ("nothing", {}, "kind"),
        ("hazards", {"colour": "red"}, "colour"),
        ("hazards", {"status": "lost"}, "status"),
        ("hazards", {"region": "450200"}, "region"),  # 柳州: outside 南宁's jurisdiction
        ("hazards", {"stat": "enterprises_in_scope", "region": "450100"}, "stat"),
    ],
)
def test_bad_exports_name_the_field_and_write_nothing(official_a, kind, filters, field):
    with pytest.raises(DomainError) as exc:
        export_request(actor=official_a, kind=kind, filters=filters)
    assert exc.value.field == field
    assert not ExportJob.objects.exists()


def test_api_queues_an_export_and_refuses_a_bad_one(world, official_a, api_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(official_a).post(
            "/api/v1/exports/", {"kind": "inspections", "filters": {"kind": "self"}}, format="json"
        )
    assert response.status_code == 202
    job = api_for(official_a).get(f"/api/v1/exports/{response.json()['id']}/").json()
    assert job["status"] == "done" and job["total"] == 1 and job["file_url"].endswith("/file/")
    bad = api_for(official_a).post("/api/v1/exports/", {"kind": "inspections", "format": "pdf"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "format"


def test_list_pages_offer_the_export_and_the_download_centre_shows_the_job(
    world, official_a, django_capture_on_commit_callbacks
):
    client = _client(official_a)
    page = client.get("/hazards/", {"status": "closed"}).content.decode()
    assert 'name="kind" value="hazards"' in page and 'value="status=closed"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/downloads/new/", {"kind": "hazards", "query": "status=closed", "format": "xlsx"}
        )
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.filters == {"status": "closed"} and job.status == "done"
    assert f'id="job-{job.pk}"' in client.get("/reports/downloads/").content.decode()


def test_a_failing_job_ends_failed_with_its_reason_and_no_file(export, world, official_a, monkeypatch):
    from reports.exports import jobs

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "write_xlsx", broken)
    job = export(actor=official_a, kind="hazards", filters={})
    job.refresh_from_db()
    assert job.status == "failed" and job.error and not job.file
    assert _client(official_a).get(f"/reports/downloads/{job.pk}/file/").status_code == 404


def test_expired_files_are_deleted(export, world, official_a):
    job = export(actor=official_a, kind="hazards", filters={})
    job.refresh_from_db()
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert exports_expire() == 1
    job.refresh_from_db()
    import os

    assert job.status == "expired" and not job.file and not os.path.exists(path)


@pytest.mark.worker
def test_with_the_broker_down_the_request_succeeds_and_the_sweeper_runs_the_job_once(
    celery_worker, world, official_a, settings
):
    from config.celery import app
    from tests.utils import broker_down, wait_for

    with broker_down(app):
        job = export_request(actor=official_a, kind="hazards", filters={})
    job.refresh_from_db()
    assert job.status == "pending"
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert exports_sweep() == 1
    wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == "done", timeout=60)
    job.refresh_from_db()
    assert job.total == job.done == 6 and job.file  # h1–h6, all in 南宁


@pytest.mark.worker
def test_two_messages_for_one_job_run_it_once(celery_worker, world, official_a):
    from reports.tasks import run_export

    job = ExportJob.objects.create(
        user=official_a, kind="hazards", filters={}, expires_at=timezone.now() + timedelta(days=7)
    )
    results = [run_export.delay(job.pk), run_export.delay(job.pk)]
    assert sorted(r.get(timeout=60) for r in results) == ["done", "skipped"]


@pytest.mark.worker
def test_one_export_job_published_four_times_at_once_runs_once(celery_parallel_worker, world, official_a):
    """Two worker processes take duplicate messages at the same moment (held on the job table, then
    released together): the row is claimed by one copy; the others skip and write no second file."""
    from reports.tasks import run_export
    from tests.utils import publish_at_once

    job = ExportJob.objects.create(
        user=official_a, kind="hazards", filters={}, expires_at=timezone.now() + timedelta(days=7)
    )
    results = publish_at_once(run_export, job.pk, gate=ExportJob)
    assert sorted(results) == ["done", "skipped", "skipped", "skipped"]
    job.refresh_from_db()
    assert job.status == "done" and job.total == job.done == 6 and job.file
