"""Campaign pages: render in Chinese, scoped (404 elsewhere), forms call the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from campaigns.models import Campaign
from campaigns.services import group_create, requirement_add, target_add, task_add
from checklists.services import checklist_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_list_and_detail_render_for_the_owner(official_a, campaign_a):
    target_add(
        actor=official_a, campaign=campaign_a, name="检查覆盖率", indicator="inspection_coverage", target_value=100
    )
    target_add(actor=official_a, campaign=campaign_a, name="警示教育率", target_value=100)
    task_add(actor=official_a, campaign=campaign_a, title="全面排查", lead_agency=official_a.agency)
    requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="月报",
        recurrence="monthly",
        day_of_month=23,
        submitters="enterprises",
    )
    c = client_for(official_a)
    assert "南宁市危险化学品安全专项整治" in c.get("/campaigns/").content.decode()
    page = c.get(f"/campaigns/{campaign_a.pk}/").content.decode()
    assert "未量化（暂无数据来源）" in page and "全面排查" in page and "月报" in page and "逾期" in page


def test_detail_is_404_for_another_region(official_b, campaign_a):
    c = client_for(official_b)
    assert c.get(f"/campaigns/{campaign_a.pk}/").status_code == 404
    assert c.get(f"/campaigns/{campaign_a.pk}/edit/").status_code == 404
    assert c.get(f"/campaigns/{campaign_a.pk}/submissions/").status_code == 404


def test_create_form_with_two_phases_creates_the_campaign(official_a, region, industry):
    response = client_for(official_a).post(
        "/campaigns/new/",
        {
            "title": "南宁市粉尘涉爆专项整治",
            "kind": "special",
            "region": region("450100").pk,
            "industries": [industry("dust_explosion").pk],
            "period_start": "2026-03-01",
            "period_end": "2026-06-30",
            "group_min_size": 4,
            "group_max_size": 6,
            "group_leaders": 1,
            "group_deputies": 2,
            "visits_per_month": 2,
            "visit_days_min": 3,
            "visit_days_max": 5,
            "phases-TOTAL_FORMS": "2",
            "phases-INITIAL_FORMS": "0",
            "phases-0-name": "部署",
            "phases-0-start": "2026-03-01",
            "phases-0-end": "2026-03-15",
            "phases-1-name": "整治",
            "phases-1-start": "2026-03-16",
            "phases-1-end": "2026-06-30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get(title="南宁市粉尘涉爆专项整治")
    assert campaign.phases.count() == 2


def test_create_form_shows_the_phase_error_in_chinese(official_a, region):
    response = client_for(official_a).post(
        "/campaigns/new/",
        {
            "title": "x",
            "kind": "special",
            "region": region("450100").pk,
            "period_start": "2026-03-01",
            "period_end": "2026-06-30",
            "group_min_size": 4,
            "group_max_size": 6,
            "group_leaders": 1,
            "group_deputies": 2,
            "visits_per_month": 2,
            "visit_days_min": 3,
            "visit_days_max": 5,
            "phases-TOTAL_FORMS": "1",
            "phases-INITIAL_FORMS": "0",
            "phases-0-name": "回头看",
            "phases-0-start": "2026-06-01",
            "phases-0-end": "2026-07-31",
        },
    )
    assert response.status_code == 200
    assert "晚于专项行动结束日期" in response.content.decode()
    assert not Campaign.objects.exists()


def test_implementing_plan_page_is_offered_and_links_to_the_parent(official_a, campaign_gx, region):
    c = client_for(official_a)
    assert "制定实施方案" in c.get(f"/campaigns/{campaign_gx.pk}/").content.decode()
    form = c.get(f"/campaigns/new/?parent={campaign_gx.pk}").content.decode()
    assert "上级专项行动" in form


def test_group_page_shows_the_calendar_and_refuses_a_clash(official_a, campaign_a, agency_a, enterprise_a):
    people = [UserFactory(agency=agency_a, role="inspector") for _ in range(4)]
    group = group_create(
        actor=official_a,
        campaign=campaign_a,
        name="第一巡查组",
        members=list(zip(people, ["leader", "deputy", "deputy", "member"], strict=True)),
    )
    c = client_for(official_a)
    ok = c.post(
        f"/campaigns/groups/{group.pk}/", {"enterprise": enterprise_a.pk, "start": "2026-04-06", "end": "2026-04-08"}
    )
    assert ok.status_code == 302
    page = c.get(f"/campaigns/groups/{group.pk}/?month=2026-4").content.decode()
    assert "2026年4月" in page and enterprise_a.name[:10] in page
    clash = c.post(
        f"/campaigns/groups/{group.pk}/", {"enterprise": enterprise_a.pk, "start": "2026-04-08", "end": "2026-04-10"}
    )
    assert clash.status_code == 400 and "时间冲突" in clash.content.decode()


def test_checklist_pages_render_and_bad_import_lists_errors(official_a):
    import io

    import openpyxl

    t = checklist_create(
        actor=official_a,
        code="p",
        data={"name": "页面检查表", "sections": [{"title": "甲", "items": [{"number": "1", "text": "乙项"}]}]},
    )
    c = client_for(official_a)
    assert "页面检查表" in c.get("/campaigns/checklists/").content.decode()
    assert "乙项" in c.get(f"/campaigns/checklists/{t.pk}/").content.decode()
    assert c.get(f"/campaigns/checklists/{t.pk}/export.xlsx").status_code == 200
    wb = openpyxl.Workbook()
    wb.active.append(["分节", "检查内容"])
    wb.active.append(["甲", ""])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "x.xlsx"
    response = c.post("/campaigns/checklists/import/", {"code": "q", "name": "导入", "file": buf})
    assert response.status_code == 400 and "必填，不能为空。" in response.content.decode()


def test_enterprise_user_submits_a_report_and_sees_it_in_their_list(
    official_a, campaign_a, enterprise_user, enterprise_user_b
):
    requirement = requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="方案",
        recurrence="once",
        due_date=date(2026, 12, 31),
        submitters="enterprises",
    )
    submission = requirement.submissions.get()
    c = client_for(enterprise_user)
    assert "方案" in c.get("/campaigns/submissions/mine/").content.decode()
    assert c.post(f"/campaigns/submissions/{submission.pk}/", {"text": "已报"}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert client_for(enterprise_user_b).get(f"/campaigns/submissions/{submission.pk}/").status_code == 404


def test_only_the_lead_agency_may_update_a_task_on_the_page(official_a, official_b, official_gx, campaign_gx, agency_b):
    task = task_add(actor=official_gx, campaign=campaign_gx, title="柳州任务", lead_agency=agency_b)
    assert client_for(official_a).post(f"/campaigns/tasks/{task.pk}/status/", {"progress": "done"}).status_code == 403
    assert (
        client_for(official_b)
        .post(f"/campaigns/tasks/{task.pk}/status/", {"progress": "done", "note": "完成"})
        .status_code
        == 302
    )
    task.refresh_from_db()
    assert task.status == "done"


def test_task_attachment_is_stored_privately_and_served_only_within_scope(
    official_b, official_gx, official_a, campaign_gx, agency_b, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = task_add(actor=official_gx, campaign=campaign_gx, title="柳州任务", lead_agency=agency_b)
    upload = SimpleUploadedFile("进展.pdf", b"%PDF-1.4 progress")
    response = client_for(official_b).post(
        f"/campaigns/tasks/{task.pk}/status/", {"progress": "in_progress", "file": upload}
    )
    assert response.status_code == 302
    attachment = task.attachments.get()
    assert str(settings.PRIVATE_STORAGE_ROOT) in attachment.file.path
    download = client_for(official_b).get(f"/campaigns/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 progress"
    outsider = UserFactory(kind="expert", in_expert_pool=True)
    assert client_for(outsider).get(f"/campaigns/attachments/{attachment.pk}/").status_code == 404


def test_submitted_file_is_downloadable_by_the_campaign_owner_but_not_another_enterprise(
    official_a, campaign_a, enterprise_user, enterprise_user_b
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    requirement = requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="方案",
        recurrence="once",
        due_date=date(2026, 12, 31),
        submitters="enterprises",
    )
    submission = requirement.submissions.get()
    c = client_for(enterprise_user)
    c.post(f"/campaigns/submissions/{submission.pk}/", {"file": SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan")})
    assert client_for(official_a).get(f"/campaigns/submissions/{submission.pk}/file/").status_code == 200
    assert client_for(enterprise_user_b).get(f"/campaigns/submissions/{submission.pk}/file/").status_code == 404


def test_edit_page_saves_a_new_title_and_keeps_the_phases(official_a, campaign_gx, official_gx, region):
    c = client_for(official_gx)
    page = c.get(f"/campaigns/{campaign_gx.pk}/edit/")
    assert page.status_code == 200 and "部署发动" in page.content.decode()
    assert client_for(official_a).get(f"/campaigns/{campaign_gx.pk}/edit/").status_code == 403
    data = {
        "title": "全区专项整治（修订）",
        "kind": "special",
        "region": region("450000").pk,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "group_min_size": 4,
        "group_max_size": 6,
        "group_leaders": 1,
        "group_deputies": 2,
        "visits_per_month": 2,
        "visit_days_min": 3,
        "visit_days_max": 5,
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "2",
        "phases-0-name": "部署发动",
        "phases-0-start": "2026-01-01",
        "phases-0-end": "2026-01-31",
        "phases-1-name": "集中整治",
        "phases-1-start": "2026-02-01",
        "phases-1-end": "2026-11-30",
    }
    assert c.post(f"/campaigns/{campaign_gx.pk}/edit/", data).status_code == 302
    campaign_gx.refresh_from_db()
    assert campaign_gx.title == "全区专项整治（修订）" and campaign_gx.phases.count() == 2
