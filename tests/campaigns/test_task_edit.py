"""任务分工: the campaign's officials edit a task; only the lead agency records its progress, and
every progress report is kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from campaigns.models import TaskProgress
from campaigns.services import task_add, task_update, task_update_status
from core.errors import DomainError, NotPermitted
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def task(official_gx, campaign_gx, agency_a):
    return task_add(actor=official_gx, campaign=campaign_gx, title="排查整治", lead_agency=agency_a)


def test_campaign_official_edits_title_lead_cooperating_units_and_deadline(official_gx, task, agency_a, agency_b):
    task_update(
        actor=official_gx,
        task=task,
        title="重点行业排查整治",
        lead_agency=agency_b,
        cooperating_agencies=[agency_a],
        cooperating_names=["市公安局", " 市消防救援支队 "],
        deadline=date(2026, 10, 31),
    )
    task.refresh_from_db()
    assert task.title == "重点行业排查整治" and task.lead_agency == agency_b and task.lead_name == agency_b.name
    assert task.deadline == date(2026, 10, 31)
    assert task.cooperating_display == ["市公安局", "市消防救援支队", str(agency_a)]
    entry = AuditEntry.objects.get(action="task_update", object_id=str(task.pk))
    assert entry.changes["title"] == {"old": "排查整治", "new": "重点行业排查整治"}
    assert entry.changes["cooperating_agencies"]["new"] == [agency_a.pk]


def test_lead_named_only_as_text_is_accepted(official_gx, task):
    task_update(actor=official_gx, task=task, title="排查整治", lead_name="各县（市、区）人民政府")
    task.refresh_from_db()
    assert task.lead_agency is None and task.lead_display == "各县（市、区）人民政府"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "任务名称不能为空"),
        ({"lead_agency": None}, "lead_agency", "牵头部门不能为空"),
        ({"deadline": date(2027, 1, 31)}, "deadline", "完成时限 2027-01-31 晚于专项行动结束日期"),
    ],
)
def test_bad_edit_is_refused_with_a_chinese_error_naming_the_field(
    official_gx, task, agency_a, changes, field, message
):
    values = {"title": "排查整治", "lead_agency": agency_a, **changes}
    with pytest.raises(DomainError, match=message) as exc:
        task_update(actor=official_gx, task=task, **values)
    assert exc.value.field == field
    task.refresh_from_db()
    assert task.title == "排查整治" and task.deadline is None


def test_lead_agency_outside_the_campaign_region_is_refused(official_a, campaign_a, agency_a, agency_b):
    task = task_add(actor=official_a, campaign=campaign_a, title="检查", lead_agency=agency_a)
    with pytest.raises(DomainError, match="牵头部门「柳州市应急管理局」不在专项行动的范围") as exc:
        task_update(actor=official_a, task=task, title="检查", lead_agency=agency_b)
    assert exc.value.field == "lead_agency"


def test_the_lead_agency_may_not_edit_the_task_of_a_campaign_above_it(official_a, task, agency_a):
    with pytest.raises(NotPermitted):
        task_update(actor=official_a, task=task, title="改名", lead_agency=agency_a)


def test_only_the_lead_agency_records_progress_and_every_report_is_kept(official_a, official_gx, task):
    with pytest.raises(NotPermitted, match="只有牵头部门可以更新任务进展"):
        task_update_status(actor=official_gx, task=task, progress="done")
    task_update_status(actor=official_a, task=task, progress="in_progress", note="已排查 12 家")
    task_update_status(actor=official_a, task=task, progress="done", note="全部完成")
    assert list(TaskProgress.objects.filter(task=task).values_list("progress", "note")) == [
        ("done", "全部完成"),
        ("in_progress", "已排查 12 家"),
    ]


def test_edit_page_saves_and_shows_the_field_error(official_gx, official_b, task, agency_a, campaign_gx):
    c = client_for(official_gx)
    assert c.get(f"/campaigns/tasks/{task.pk}/edit/").status_code == 200
    bad = c.post(
        f"/campaigns/tasks/{task.pk}/edit/",
        {"title": "排查整治", "lead_agency": agency_a.pk, "deadline": "2027-03-01"},
    )
    assert bad.status_code == 400 and "完成时限 2027-03-01 晚于专项行动结束日期" in bad.content.decode()
    good = c.post(
        f"/campaigns/tasks/{task.pk}/edit/",
        {"title": "排查整治", "lead_agency": agency_a.pk, "cooperating_names": "市公安局、市交通运输局"},
        follow=True,
    )
    assert "已保存任务" in good.content.decode() and "市公安局、市交通运输局" in good.content.decode()
    assert client_for(official_b).get(f"/campaigns/tasks/{task.pk}/edit/").status_code == 403
