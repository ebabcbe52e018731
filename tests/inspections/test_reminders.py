"""Overdue self-inspections are reminded (催办) once per inspection and day, even under a real worker."""

from __future__ import annotations

import datetime

import pytest

from inspections.models import Inspection, SelfInspectionReminder
from inspections.services import inspection_request_self
from inspections.services import self_inspections_remind_overdue as remind
from tests.utils import publish_at_once

D = datetime.date(2026, 6, 10)


@pytest.fixture
def overdue(self_inspection):
    Inspection.objects.filter(pk=self_inspection.pk).update(planned_end=D)
    return self_inspection


def test_self_inspection_is_reminded_from_the_day_after_its_deadline_once_a_day(overdue):
    assert remind(today=D) == 0
    assert remind(today=D + datetime.timedelta(days=1)) == 1
    assert remind(today=D + datetime.timedelta(days=1)) == 0
    assert remind(today=D + datetime.timedelta(days=2)) == 1
    assert list(SelfInspectionReminder.objects.values_list("day", flat=True).order_by("day")) == [
        D + datetime.timedelta(days=1),
        D + datetime.timedelta(days=2),
    ]


def test_submitted_or_deadline_free_self_inspections_are_not_reminded(overdue):
    # Setting the status directly stands in for a full submission (tested in test_services).
    Inspection.objects.filter(pk=overdue.pk).update(status="submitted")
    assert remind(today=D + datetime.timedelta(days=5)) == 0
    Inspection.objects.filter(pk=overdue.pk).update(status="in_progress", planned_end=None)
    assert remind(today=D + datetime.timedelta(days=5)) == 0
    assert not SelfInspectionReminder.objects.exists()


def test_enterprise_sees_reminded_and_official_sees_the_count(client, overdue, enterprise_user, official_a):
    client.force_login(enterprise_user)
    assert "已催办" not in client.get("/inspections/").content.decode()
    remind(today=datetime.date.today())
    assert "已催办" in client.get("/inspections/").content.decode()
    client.force_login(official_a)
    page = client.get("/inspections/self/request/").content.decode()
    assert "逾期未提交的企业自查 <strong>1</strong> 项，已催办 <strong>1</strong> 项（今日 1 项）" in page


def test_other_regions_official_does_not_count_our_overdue_self_inspections(client, overdue, official_b):
    remind(today=datetime.date.today())
    client.force_login(official_b)
    page = client.get("/inspections/self/request/").content.decode()
    assert "逾期未提交的企业自查 <strong>0</strong> 项" in page


@pytest.mark.django_db(transaction=True)
def test_reminder_published_four_times_at_once_reminds_once(
    celery_parallel_worker, campaign, template, enterprise_a, official_a
):
    """Four copies of the daily job, two at a time in two worker processes, reach the reminders together:
    one reminder (INSERT … ON CONFLICT on the unique (inspection, day) decides)."""
    from inspections.tasks import remind_overdue

    (inspection,) = inspection_request_self(
        actor=official_a, campaign=campaign, template=template, deadline=D, enterprises=[enterprise_a]
    )
    day = (D + datetime.timedelta(days=1)).isoformat()
    assert sorted(publish_at_once(remind_overdue, day, n=4, gate=SelfInspectionReminder)) == [0, 0, 0, 1]
    assert SelfInspectionReminder.objects.filter(inspection=inspection).count() == 1
