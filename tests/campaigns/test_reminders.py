"""催报: officials of the campaign remind late units (manually, at most once a day; automatically,
once a day by the job); units see how often they were reminded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from campaigns.models import SubmissionReminder
from campaigns.services import (
    campaign_create,
    requirement_add,
    submission_remind,
    submission_submit,
    submissions_remind_late,
    submissions_remind_overdue,
)
from campaigns.tasks import remind_overdue
from core.errors import DomainError, NotPermitted
from core.models import AuditEntry
from tests.utils import publish_at_once

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def running_campaign(official_gx, region, agency_a, agency_b):
    """A Guangxi campaign running around today, answered by the 南宁 and 柳州 agencies."""
    agency_a.parent = official_gx.agency
    agency_a.save()
    agency_b.parent = official_gx.agency
    agency_b.save()
    today = timezone.localdate()
    return campaign_create(
        actor=official_gx,
        title="全区安全生产大排查",
        region=region("450000"),
        period_start=today - timedelta(days=60),
        period_end=today + timedelta(days=60),
    )


@pytest.fixture
def late(running_campaign, official_gx):
    """A report due five days ago (逾期 for both agencies) and one due in five days (未报)."""
    today = timezone.localdate()
    overdue = requirement_add(
        actor=official_gx,
        campaign=running_campaign,
        title="排查情况汇总",
        recurrence="once",
        due_date=today - timedelta(days=5),
        submitters="lower_agencies",
    )
    pending = requirement_add(
        actor=official_gx,
        campaign=running_campaign,
        title="整改情况",
        recurrence="once",
        due_date=today + timedelta(days=5),
        submitters="lower_agencies",
    )
    return overdue, pending


def test_official_reminds_an_overdue_unit_and_it_is_audited(official_gx, agency_a, late):
    submission = late[0].submissions.get(agency=agency_a)
    reminder = submission_remind(actor=official_gx, submission=submission, note="请尽快报送")
    assert reminder.kind == "manual" and reminder.sent_by == official_gx and reminder.note == "请尽快报送"
    assert AuditEntry.objects.filter(action="submission_remind", object_id=str(submission.pk)).count() == 1


def test_a_pending_unit_may_be_reminded_too(official_gx, agency_a, late):
    submission = late[1].submissions.get(agency=agency_a)
    assert submission.status == "pending"
    submission_remind(actor=official_gx, submission=submission)
    assert submission.reminders.count() == 1


def test_reminding_twice_the_same_day_is_refused_in_chinese(official_gx, agency_a, late):
    submission = late[0].submissions.get(agency=agency_a)
    submission_remind(actor=official_gx, submission=submission)
    with pytest.raises(DomainError, match="每天最多催报一次"):
        submission_remind(actor=official_gx, submission=submission)
    assert submission.reminders.count() == 1


def test_a_submitted_report_is_not_reminded(official_gx, official_a, agency_a, late):
    submission = late[0].submissions.get(agency=agency_a)
    submission_submit(actor=official_a, submission=submission, text="已汇总")
    with pytest.raises(DomainError, match="已报送，无需催报"):
        submission_remind(actor=official_gx, submission=submission)


def test_another_region_official_may_not_remind_and_gets_404_on_the_page(official_b, agency_a, agency_b, late):
    theirs = late[0].submissions.get(agency=agency_a)
    own = late[0].submissions.get(agency=agency_b)
    with pytest.raises(NotPermitted):
        submission_remind(actor=official_b, submission=theirs)
    with pytest.raises(NotPermitted):  # a unit does not remind itself
        submission_remind(actor=official_b, submission=own)
    c = client_for(official_b)
    assert c.post(f"/campaigns/submissions/{theirs.pk}/remind/").status_code == 404
    assert c.post(f"/campaigns/submissions/{own.pk}/remind/").status_code == 403
    assert not SubmissionReminder.objects.exists()


def test_enterprise_user_may_not_remind(enterprise_user, agency_a, late):
    with pytest.raises(NotPermitted):
        submission_remind(actor=enterprise_user, submission=late[0].submissions.get(agency=agency_a))


def test_automatic_reminders_are_idempotent_and_only_for_overdue(late):
    overdue, pending = late
    today = timezone.localdate()
    assert submissions_remind_overdue(today=today) == 2
    assert submissions_remind_overdue(today=today) == 0
    assert remind_overdue() == 0  # the Celery task calls the same service
    assert SubmissionReminder.objects.filter(kind="automatic").count() == 2
    assert not SubmissionReminder.objects.filter(submission__requirement=pending).exists()
    assert set(SubmissionReminder.objects.values_list("sent_by", flat=True)) == {None}
    assert submissions_remind_overdue(today=today + timedelta(days=1)) == 2  # the next day, again once


def test_automatic_reminder_does_not_block_a_manual_one_the_same_day(official_gx, agency_a, late):
    submissions_remind_overdue(today=timezone.localdate())
    submission = late[0].submissions.get(agency=agency_a)
    submission_remind(actor=official_gx, submission=submission)
    assert submission.reminders.count() == 2


def test_remind_all_late_reminds_only_overdue_units_once(official_gx, running_campaign, late):
    assert submissions_remind_late(actor=official_gx, campaign=running_campaign) == 2
    assert submissions_remind_late(actor=official_gx, campaign=running_campaign) == 0
    assert not SubmissionReminder.objects.filter(submission__requirement=late[1]).exists()


def test_status_page_offers_remind_buttons_and_the_unit_sees_the_badge(
    official_gx, official_a, agency_a, running_campaign, late
):
    c = client_for(official_gx)
    page = c.get(f"/campaigns/{running_campaign.pk}/submissions/").content.decode()
    assert "一键催报逾期单位" in page and page.count("remind-button") == 4
    submission = late[0].submissions.get(agency=agency_a)
    response = c.post(f"/campaigns/submissions/{submission.pk}/remind/", {"note": "请今天报送"}, follow=True)
    assert "已向「南宁市应急管理局」催报。" in response.content.decode()
    again = c.post(f"/campaigns/submissions/{submission.pk}/remind/", follow=True).content.decode()
    assert "每天最多催报一次" in again
    response = c.post(f"/campaigns/{running_campaign.pk}/submissions/remind/", follow=True)
    assert "已向 1 个逾期单位催报。" in response.content.decode()  # 柳州; 南宁 was reminded already

    mine = client_for(official_a).get("/campaigns/submissions/mine/").content.decode()
    assert "已催报 1 次" in mine and "最近" in mine
    detail = client_for(official_a).get(f"/campaigns/submissions/{submission.pk}/").content.decode()
    assert "催报记录" in detail and "请今天报送" in detail
    assert (
        "remind-button"
        not in client_for(official_a).get(f"/campaigns/{running_campaign.pk}/submissions/").content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_automatic_reminders_published_four_times_at_once_remind_each_late_unit_once(celery_parallel_worker, late):
    """Four copies of the daily 催报 job, two at a time in two worker processes, reach the reminders
    together: one automatic reminder per overdue submission (the unique constraint decides)."""
    overdue, pending = late
    publish_at_once(remind_overdue, n=4, gate=SubmissionReminder)
    reminders = SubmissionReminder.objects.filter(kind="automatic")
    assert reminders.count() == 2
    assert set(reminders.values_list("submission__requirement", flat=True)) == {overdue.pk}


@pytest.mark.django_db(transaction=True)
def test_concurrent_automatic_reminder_runs_report_only_the_reminders_they_created(celery_parallel_worker, late):
    """The job's count is what it did: four copies at once created two reminders, so they say 2 in all."""
    counts = publish_at_once(remind_overdue, n=4, gate=SubmissionReminder)
    assert SubmissionReminder.objects.filter(kind="automatic").count() == 2
    assert sum(counts) == 2, counts


@pytest.mark.django_db(transaction=True)
def test_due_submissions_published_four_times_at_once_are_created_once(celery_parallel_worker, late):
    """Four copies of the daily generation job, two at a time, reach the submissions together: each
    unit has each due report once (the unique (requirement, unit, due date) decides)."""
    from campaigns.models import Submission
    from campaigns.tasks import generate_due_submissions

    expected = sorted(Submission.objects.values_list("requirement", "unit_key", "due_date"))
    assert len(expected) == 4  # two requirements × two agencies
    Submission.objects.all().delete()
    publish_at_once(generate_due_submissions, n=4, gate=Submission)
    assert sorted(Submission.objects.values_list("requirement", "unit_key", "due_date")) == expected


@pytest.mark.django_db(transaction=True)
def test_concurrent_due_submission_runs_report_only_the_submissions_they_created(celery_parallel_worker, late):
    """The job's count is what it did: four copies at once created four submissions, so they say 4 in all."""
    from campaigns.models import Submission
    from campaigns.tasks import generate_due_submissions

    Submission.objects.all().delete()
    counts = publish_at_once(generate_due_submissions, n=4, gate=Submission)
    assert Submission.objects.count() == 4
    assert sum(counts) == 4, counts
