"""Excel import of the registry: all or nothing, every error as (row, column, message)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.uscc import make_uscc
from enterprises.imports import HEADERS
from enterprises.models import Enterprise, EnterpriseImportJob
from tests.utils import wait_for

pytestmark = pytest.mark.django_db


def row(serial: int, **overrides):
    values = {
        "统一社会信用代码": make_uscc("450102", serial),
        "企业名称": f"导入测试企业{serial}有限公司",
        "区划代码": "450102001",
        "行业代码": "hazchem、gas",
        "许可证有效期至": "2027-03-31",
        "安全风险等级": "橙",
        "规模": "规上",
        "从业人员数": 120,
    }
    values.update(overrides)
    return [values.get(h) for h in HEADERS]


def workbook(rows, headers=HEADERS) -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("enterprises.xlsx", out.getvalue())


def post(client, upload):
    return client.post("/api/v1/enterprises/import/", {"file": upload}, format="multipart")


def test_good_file_imports_every_row(api_for, official_a):
    response = post(api_for(official_a), workbook([row(i) for i in range(1, 6)]))
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 5, "updated": 0, "rows": 5}
    enterprise = Enterprise.objects.get(uscc=make_uscc("450102", 3))
    assert set(enterprise.industries.values_list("code", flat=True)) == {"hazchem", "gas"}
    assert (
        enterprise.risk_grade == "orange"
        and enterprise.size == "above"
        and str(enterprise.licence_valid_until) == "2027-03-31"
    )
    assert enterprise.region_path == enterprise.region.path


def test_one_bad_row_among_good_ones_imports_nothing_and_names_row_and_column(api_for, official_a):
    bad_code = make_uscc("450102", 3)[:17] + "X"
    if bad_code == make_uscc("450102", 3):
        bad_code = bad_code[:17] + "Y"
    rows = [row(1), row(2), row(3, **{"统一社会信用代码": bad_code}), row(4)]
    response = post(api_for(official_a), workbook(rows))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors == [{"row": 4, "column": "统一社会信用代码", "message": errors[0]["message"]}]
    assert "校验位" in errors[0]["message"]
    assert Enterprise.objects.count() == 0


def test_every_kind_of_row_error_is_reported(api_for, official_a):
    rows = [
        row(1),
        row(2, **{"统一社会信用代码": make_uscc("450102", 1)}),  # duplicate of row 2
        row(3, **{"区划代码": "450999001"}),  # unknown region
        row(4, **{"行业代码": "hazchem、nonsense"}),  # unknown industry
        row(5, **{"区划代码": "450202001"}),  # 柳州: outside 南宁's jurisdiction
        row(6, **{"许可证有效期至": "2027-13-45"}),  # bad date
        row(7, **{"企业名称": None}),  # required
        row(8, **{"安全风险等级": "紫"}),
        row(9, **{"企业名称": '=HYPERLINK("http://x")'}),  # formula
    ]
    response = post(api_for(official_a), workbook(rows))
    assert response.status_code == 400
    found = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert found == {
        (3, "统一社会信用代码"),
        (4, "区划代码"),
        (5, "行业代码"),
        (6, "区划代码"),
        (7, "许可证有效期至"),
        (8, "企业名称"),
        (9, "安全风险等级"),
        (10, "企业名称"),
    }
    assert Enterprise.objects.count() == 0


def test_reimport_updates_by_uscc_and_reports_counts(api_for, official_a):
    client = api_for(official_a)
    assert post(client, workbook([row(1), row(2)])).json()["created"] == 2
    response = post(client, workbook([row(1, **{"企业名称": "改名后的企业", "安全风险等级": "红"}), row(3)]))
    assert response.json() == {"created": 1, "updated": 1, "rows": 2}
    updated = Enterprise.objects.get(uscc=make_uscc("450102", 1))
    assert updated.name == "改名后的企业" and updated.risk_grade == "red"
    assert Enterprise.objects.count() == 3


def test_reimport_cannot_overwrite_an_enterprise_outside_jurisdiction(api_for, official_a, enterprise_b):
    response = post(api_for(official_a), workbook([row(1, **{"统一社会信用代码": enterprise_b.uscc})]))
    assert response.status_code == 400
    assert "辖区" in response.json()["errors"][0]["message"]
    enterprise_b.refresh_from_db()
    assert enterprise_b.name == "柳州鑫源机械制造有限公司"


def test_non_xlsx_upload_is_rejected_cleanly(api_for, official_a):
    fake = SimpleUploadedFile("enterprises.xlsx", "统一社会信用代码,企业名称\n".encode())
    response = post(api_for(official_a), fake)
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "file"
    assert "xlsx" in response.json()["detail"]


def test_oversized_upload_is_rejected_cleanly(api_for, official_a, settings):
    settings.IMPORT_MAX_BYTES = 2000
    response = post(api_for(official_a), workbook([row(i) for i in range(1, 40)]))
    assert response.status_code == 400 and "过大" in response.json()["detail"]
    assert Enterprise.objects.count() == 0


def test_too_many_rows_are_rejected(api_for, official_a, settings):
    settings.IMPORT_MAX_ROWS = 3
    response = post(api_for(official_a), workbook([row(i) for i in range(1, 6)]))
    assert response.status_code == 400 and "上限" in response.json()["detail"]


def test_missing_column_is_reported(api_for, official_a):
    response = post(api_for(official_a), workbook([["x"]], headers=["企业名称"]))
    assert response.status_code == 400
    assert {"row": 1, "column": "统一社会信用代码"}.items() <= response.json()["errors"][0].items()


def test_leader_may_not_import(api_for, leader_a):
    assert post(api_for(leader_a), workbook([row(1)])).status_code == 403


def test_template_has_headers_explanations_and_codes_of_the_jurisdiction(api_for, official_a):
    response = api_for(official_a).get("/api/v1/enterprises/import-template/")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["企业信息", "填写说明", "区划代码", "行业代码"]
    assert [c.value.rstrip("*") for c in wb["企业信息"][1]] == HEADERS
    region_codes = {r[0] for r in wb["区划代码"].iter_rows(min_row=2, values_only=True)}
    assert "450102001" in region_codes and "450202001" not in region_codes


def test_the_page_shows_the_error_table(official_a):
    client = Client()
    client.force_login(official_a)
    response = client.post("/enterprises/import/", {"file": workbook([row(1), row(2, **{"区划代码": "000000"})])})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-errors"' in html and "区划代码「000000」不存在" in html
    assert Enterprise.objects.count() == 0


def test_the_page_imports_a_good_file(official_a):
    client = Client()
    client.force_login(official_a)
    response = client.post("/enterprises/import/", {"file": workbook([row(1)])})
    assert "导入成功" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_large_file_is_imported_by_a_real_worker_with_progress(celery_worker, api_for, official_a, settings):
    from core.reference import load_reference

    load_reference()
    settings.IMPORT_SYNC_MAX_ROWS = 10
    response = post(api_for(official_a), workbook([row(i) for i in range(1, 31)]))
    assert response.status_code == 202, response.content
    job_id = response.json()["job"]
    job = wait_for(lambda: EnterpriseImportJob.objects.filter(pk=job_id, status="done").first(), timeout=60)
    assert job.created_count == 30 and job.progress_percent == 100
    assert Enterprise.objects.count() == 30
    client = Client()
    client.force_login(official_a)
    assert client.get(f"/enterprises/import/jobs/{job_id}/", {"format": "json"}).json()["status"] == "done"


@pytest.mark.django_db(transaction=True)
def test_large_file_with_an_error_fails_in_the_worker_and_writes_nothing(
    celery_worker, api_for, official_a, official_b, settings
):
    from core.reference import load_reference

    load_reference()
    settings.IMPORT_SYNC_MAX_ROWS = 10
    rows = [row(i) for i in range(1, 21)] + [row(99, **{"行业代码": "nope"})]
    job_id = post(api_for(official_a), workbook(rows)).json()["job"]
    job = wait_for(lambda: EnterpriseImportJob.objects.filter(pk=job_id, status="failed").first(), timeout=60)
    assert job.errors == [{"row": 22, "column": "行业代码", "message": "行业代码「nope」不存在。"}]
    assert Enterprise.objects.count() == 0
    other = Client()
    other.force_login(official_b)
    assert other.get(f"/enterprises/import/jobs/{job_id}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_large_import_is_accepted_and_the_sweeper_runs_it_once(
    celery_worker, api_for, official_a, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from config.celery import app
    from core.reference import load_reference
    from enterprises.services import enterprise_imports_sweep
    from enterprises.tasks import run_enterprise_import
    from tests.utils import broker_down

    load_reference()
    settings.IMPORT_SYNC_MAX_ROWS = 10
    with broker_down(app):
        response = post(api_for(official_a), workbook([row(i) for i in range(1, 16)]))
    assert response.status_code == 202, response.content
    job_id = response.json()["job"]
    assert EnterpriseImportJob.objects.get(pk=job_id).status == "pending"
    EnterpriseImportJob.objects.filter(pk=job_id).update(created_at=timezone.now() - timedelta(minutes=5))
    assert enterprise_imports_sweep() == 1
    duplicate = run_enterprise_import.delay(job_id)  # a second message for the same job
    job = wait_for(lambda: EnterpriseImportJob.objects.filter(pk=job_id, status="done").first(), timeout=60)
    duplicate.get(timeout=60)
    assert job.created_count == 15 and Enterprise.objects.count() == 15
