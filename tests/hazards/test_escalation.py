"""Overdue is derived from the deadline; escalation sends each step once, even under a real worker;
the agency sees its escalation notices."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from hazards.models import Hazard, HazardNotice
from hazards.services import hazards_escalate
from tests.utils import publish_at_once

D = datetime.date(2026, 6, 10)


@pytest.mark.django_db
def test_overdue_begins_the_day_after_the_deadline(make_hazard):
    hazard = make_hazard(status="rectifying", deadline=D)
    assert not Hazard.objects.overdue(D).exists()
    assert list(Hazard.objects.overdue(D + datetime.timedelta(days=1))) == [hazard]


@pytest.mark.django_db
def test_closed_hazard_is_never_overdue(make_hazard):
    make_hazard(status="closed", deadline=D)
    assert not Hazard.objects.overdue(D + datetime.timedelta(days=30)).exists()


@pytest.mark.django_db
def test_escalation_notifies_enterprise_then_agency_once(make_hazard, agency_a, enterprise_a):
    enterprise_a.responsible_agency = agency_a
    enterprise_a.save()
    hazard = make_hazard(status="rectifying", deadline=D)
    assert hazards_escalate(today=D) == {"enterprise": 0, "agency": 0}
    assert hazards_escalate(today=D + datetime.timedelta(days=1)) == {"enterprise": 1, "agency": 0}
    assert hazards_escalate(today=D + datetime.timedelta(days=1)) == {"enterprise": 0, "agency": 0}
    assert hazards_escalate(today=D + datetime.timedelta(days=2)) == {"enterprise": 0, "agency": 0}
    assert hazards_escalate(today=D + datetime.timedelta(days=4)) == {"enterprise": 0, "agency": 1}
    assert hazards_escalate(today=D + datetime.timedelta(days=9)) == {"enterprise": 0, "agency": 0}
    step2 = HazardNotice.objects.get(hazard=hazard, step=2)
    assert step2.agency == agency_a


@pytest.mark.django_db(transaction=True)
def test_escalation_published_four_times_at_once_sends_each_step_once(
    celery_parallel_worker, make_hazard, agency_a, enterprise_a
):
    """Four copies of the daily job, two at a time in two worker processes, reach the notices together:
    one notice per step (the row lock on the hazard decides; without it one copy fails or doubles)."""
    from hazards.tasks import escalate_overdue

    enterprise_a.responsible_agency = agency_a
    enterprise_a.save()
    hazard = make_hazard(status="rectifying", deadline=D)
    day1 = (D + datetime.timedelta(days=1)).isoformat()
    assert sorted(r["enterprise"] for r in publish_at_once(escalate_overdue, day1, n=4, gate=HazardNotice)) == [
        0,
        0,
        0,
        1,
    ]
    day5 = (D + datetime.timedelta(days=5)).isoformat()
    assert sorted(r["agency"] for r in publish_at_once(escalate_overdue, day5, n=4, gate=HazardNotice)) == [0, 0, 0, 1]
    assert list(HazardNotice.objects.filter(hazard=hazard).values_list("step", flat=True).order_by("step")) == [1, 2]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- escalation notices for agencies ----------------------------------------------------------


@pytest.mark.django_db
def test_agency_notices_page_is_scoped_and_counted_on_the_hazard_list(
    make_hazard, agency_a, enterprise_a, official_a, official_b, enterprise_user
):
    enterprise_a.responsible_agency = agency_a
    enterprise_a.save()
    deadline = datetime.date(2026, 3, 1)
    hazard = make_hazard(status="rectifying", deadline=deadline, description="配电室漏水")
    hazards_escalate(today=deadline + datetime.timedelta(days=1))
    hazards_escalate(today=deadline + datetime.timedelta(days=10))
    assert HazardNotice.objects.filter(hazard=hazard, step=2).exists()

    page = _client(official_a).get("/hazards/notices/").content.decode()
    assert "配电室漏水" in page and "逾期未整改" in page
    listing = _client(official_a).get("/hazards/").content.decode()
    assert 'data-testid="agency-notice-count">1<' in listing

    assert "配电室漏水" not in _client(official_b).get("/hazards/notices/").content.decode()
    assert 'data-testid="agency-notice-count">0<' in _client(official_b).get("/hazards/").content.decode()
    assert _client(enterprise_user).get("/hazards/notices/").status_code == 403
