"""Campaign operations the pages had and the API lacked: 催报 of one unit and of every late unit
(of a campaign or one report requirement), the reminders in the submission's representation,
attaching a checklist, editing a task and attaching a file to it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import SubmissionReminder, TaskAttachment
from campaigns.services import campaign_create, requirement_add, task_add
from checklists.models import ChecklistTemplate
from conftest import api_as
from tests.campaigns.conftest import agency_gx, campaign_a, industry, official_gx  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def is_chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


@pytest.fixture
def running_campaign(official_gx, region, agency_a, agency_b):  # noqa: F811
    """A Guangxi campaign running around today, answered by the 南宁 and 柳州 agencies."""
    for agency in (agency_a, agency_b):
        agency.parent = official_gx.agency
        agency.save()
    today = timezone.localdate()
    return campaign_create(
        actor=official_gx,
        title="全区安全生产大排查",
        region=region("450000"),
        period_start=today - timedelta(days=60),
        period_end=today + timedelta(days=60),
    )


@pytest.fixture
def late(running_campaign, official_gx):  # noqa: F811
    """Two reports due five days ago (逾期 for both agencies)."""
    today = timezone.localdate()
    return [
        requirement_add(
            actor=official_gx,
            campaign=running_campaign,
            title=title,
            recurrence="once",
            due_date=today - timedelta(days=5),
            submitters="lower_agencies",
        )
        for title in ("排查情况汇总", "整改情况")
    ]


# --- 催报 ------------------------------------------------------------------------------------


def test_official_reminds_a_late_unit_and_the_submission_shows_it(official_gx, official_a, agency_a, late):  # noqa: F811
    submission = late[0].submissions.get(agency=agency_a)
    r = api_as(official_gx).post(f"/api/v1/submissions/{submission.pk}/remind/", {"note": "请尽快报送"}, format="json")
    assert r.status_code == 201, r.content
    (reminder,) = r.data["reminders"]
    assert (reminder["kind"], reminder["note"], reminder["sent_by"]) == ("manual", "请尽快报送", official_gx.pk)
    # The unit that owes the report sees the reminder in its own API.
    seen = api_as(official_a).get(f"/api/v1/submissions/{submission.pk}/")
    assert [x["note"] for x in seen.data["reminders"]] == ["请尽快报送"]
    listed = api_as(official_a).get("/api/v1/submissions/", {"campaign": late[0].campaign_id})
    assert any(row["reminders"] for row in listed.data["results"])
    # Once a day, as on the page: the second answers 400 with the rule.
    again = api_as(official_gx).post(f"/api/v1/submissions/{submission.pk}/remind/", {}, format="json")
    assert again.status_code == 400 and is_chinese(again.data["detail"])
    assert SubmissionReminder.objects.filter(submission=submission).count() == 1


def test_a_too_long_reminder_note_is_refused_naming_the_field(official_gx, agency_a, late):  # noqa: F811
    submission = late[0].submissions.get(agency=agency_a)
    r = api_as(official_gx).post(f"/api/v1/submissions/{submission.pk}/remind/", {"note": "催" * 301}, format="json")
    assert r.status_code == 400
    assert list(r.data) == ["note"] and is_chinese(r.data["note"][0])
    assert not SubmissionReminder.objects.exists()


def test_another_regions_official_gets_404_reminding_a_submission(official_b, agency_a, late):
    submission = late[0].submissions.get(agency=agency_a)
    assert api_as(official_b).post(f"/api/v1/submissions/{submission.pk}/remind/", {}, format="json").status_code == 404
    assert not SubmissionReminder.objects.exists()


def test_remind_all_late_units_of_the_campaign_or_of_one_requirement(official_gx, running_campaign, late):  # noqa: F811
    url = f"/api/v1/campaigns/{running_campaign.pk}/remind-late/"
    one = api_as(official_gx).post(url, {"requirement": late[1].pk, "note": "限期报送"}, format="json")
    assert one.status_code == 200 and one.data == {"sent": 2}
    assert set(SubmissionReminder.objects.values_list("submission__requirement", flat=True)) == {late[1].pk}
    every = api_as(official_gx).post(url, {}, format="json")
    # Units of the first requirement now; those reminded today are not reminded twice.
    assert every.status_code == 200 and every.data == {"sent": 2}
    assert SubmissionReminder.objects.count() == 4


def test_remind_all_with_a_requirement_of_another_campaign_names_the_field(
    official_gx,  # noqa: F811
    running_campaign,
    campaign_a,  # noqa: F811
    official_a,
):
    other = requirement_add(
        actor=official_a, campaign=campaign_a, title="月报", recurrence="once", due_date=date(2026, 3, 1),
        submitters="lower_agencies",
    )  # fmt: skip
    r = api_as(official_gx).post(
        f"/api/v1/campaigns/{running_campaign.pk}/remind-late/", {"requirement": other.pk}, format="json"
    )
    assert r.status_code == 400
    assert list(r.data) == ["requirement"] and is_chinese(r.data["requirement"][0])


def test_another_regions_official_gets_404_reminding_all_of_a_campaign(official_b, campaign_a):  # noqa: F811
    assert (
        api_as(official_b).post(f"/api/v1/campaigns/{campaign_a.pk}/remind-late/", {}, format="json").status_code == 404
    )


# --- attaching a checklist ---------------------------------------------------------------------


@pytest.fixture
def checklist(db):
    return ChecklistTemplate.objects.create(code="api-attach", name="危化品企业检查表")


def test_official_attaches_a_checklist_to_the_campaign(official_a, campaign_a, checklist):  # noqa: F811
    r = api_as(official_a).post(
        f"/api/v1/campaigns/{campaign_a.pk}/checklists/", {"template": checklist.pk}, format="json"
    )
    assert r.status_code == 201, r.content
    assert [c["id"] for c in r.data["checklists"]] == [checklist.pk]
    assert list(campaign_a.checklists.all()) == [checklist]


def test_attaching_a_missing_checklist_names_the_field(official_a, campaign_a):  # noqa: F811
    r = api_as(official_a).post(f"/api/v1/campaigns/{campaign_a.pk}/checklists/", {"template": 999999}, format="json")
    assert r.status_code == 400
    assert list(r.data) == ["template"] and is_chinese(r.data["template"][0])


def test_another_regions_official_gets_404_attaching_a_checklist(official_b, campaign_a, checklist):  # noqa: F811
    r = api_as(official_b).post(
        f"/api/v1/campaigns/{campaign_a.pk}/checklists/", {"template": checklist.pk}, format="json"
    )
    assert r.status_code == 404
    assert not campaign_a.checklists.exists()


# --- editing a task and attaching files --------------------------------------------------------


@pytest.fixture
def task(official_a, campaign_a, agency_a):  # noqa: F811
    return task_add(
        actor=official_a, campaign=campaign_a, title="开展企业自查", lead_agency=agency_a, description="全面自查"
    )


def test_official_edits_a_task_and_unsent_fields_keep_their_value(official_a, task, agency_a):
    r = api_as(official_a).patch(
        f"/api/v1/campaign-tasks/{task.pk}/", {"title": "开展企业全面自查", "deadline": "2026-09-30"}, format="json"
    )
    assert r.status_code == 200, r.content
    assert (r.data["title"], r.data["deadline"], r.data["description"], r.data["lead_agency"]) == (
        "开展企业全面自查",
        "2026-09-30",
        "全面自查",
        agency_a.pk,
    )


def test_editing_a_task_with_a_bad_deadline_names_the_field(official_a, task):
    r = api_as(official_a).patch(f"/api/v1/campaign-tasks/{task.pk}/", {"deadline": "九月底"}, format="json")
    assert r.status_code == 400
    assert list(r.data) == ["deadline"] and is_chinese(r.data["deadline"][0])
    task.refresh_from_db()
    assert task.deadline is None


def test_another_regions_official_gets_404_editing_a_task(official_b, task):
    r = api_as(official_b).patch(f"/api/v1/campaign-tasks/{task.pk}/", {"title": "改"}, format="json")
    assert r.status_code == 404
    task.refresh_from_db()
    assert task.title == "开展企业自查"


def test_the_lead_agency_attaches_a_file_to_its_task(official_a, task):
    upload = SimpleUploadedFile("进展.pdf", b"%PDF-1.4 progress")
    r = api_as(official_a).post(f"/api/v1/campaign-tasks/{task.pk}/attachments/", {"file": upload}, format="multipart")
    assert r.status_code == 201, r.content
    assert (r.data["task"], r.data["original_name"], r.data["uploaded_by"]) == (task.pk, "进展.pdf", official_a.pk)
    assert task.attachments.get().file.read() == b"%PDF-1.4 progress"


def test_attaching_without_a_file_or_with_a_wrong_type_names_the_field(official_a, task):
    client = api_as(official_a)
    missing = client.post(f"/api/v1/campaign-tasks/{task.pk}/attachments/", {}, format="multipart")
    assert missing.status_code == 400 and list(missing.data) == ["file"] and is_chinese(missing.data["file"][0])
    wrong = client.post(
        f"/api/v1/campaign-tasks/{task.pk}/attachments/",
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
        format="multipart",
    )
    assert wrong.status_code == 400 and wrong.data["field"] == "file" and is_chinese(wrong.data["detail"])
    assert not TaskAttachment.objects.exists()


def test_another_regions_official_gets_404_attaching_to_a_task(official_b, task):
    upload = SimpleUploadedFile("进展.pdf", b"%PDF-1.4 progress")
    r = api_as(official_b).post(f"/api/v1/campaign-tasks/{task.pk}/attachments/", {"file": upload}, format="multipart")
    assert r.status_code == 404
    assert not TaskAttachment.objects.exists()
