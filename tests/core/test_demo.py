"""The living demo (issue 11): load_demo gives every list, dashboard and to-do something real —
a campaign in progress, a few dozen inspections, about 200 hazards over states, levels and the
last twelve months, enforcement awaiting 法制审核, a blacklist entry, public reports, reports due
and late — through the services (whole-process records intact), and running it twice adds nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _counts():
    from campaigns.models import Submission
    from core.models import AuditEntry
    from enforcement.models import BlacklistEntry, EnforcementAction
    from hazards.models import Hazard, PublicReport
    from inspections.models import Inspection

    return {
        "hazards": Hazard.objects.count(),
        "inspections": Inspection.objects.count(),
        "enforcement": EnforcementAction.objects.count(),
        "blacklist": BlacklistEntry.objects.count(),
        "public": PublicReport.objects.count(),
        "submissions": Submission.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_load_demo_is_living_and_a_second_run_adds_nothing(settings):
    settings.DEMO_LIVING = True
    call_command("load_demo", "--force")
    first = _counts()
    _assert_campaign_in_progress()
    _assert_hazards_over_states_levels_and_months()
    _assert_inspections_enforcement_blacklist_reports_and_submissions()
    from core.audit import audit_verify

    assert audit_verify().ok
    call_command("load_demo", "--force")
    assert _counts() == first


def _assert_campaign_in_progress():
    from campaigns.models import Campaign
    from inspections.demo import DEMO_CAMPAIGN_TITLE

    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
    today = timezone.localdate()
    assert campaign.period_start < today < campaign.period_end


def _assert_hazards_over_states_levels_and_months():
    from hazards.models import Hazard

    hazards = Hazard.objects.all()
    assert 170 <= hazards.count() <= 240
    states = Counter(hazards.values_list("status", flat=True))
    assert all(states[s] > 0 for s in ("reported", "rectifying", "awaiting_acceptance", "closed")), states
    assert hazards.filter(level="major").count() >= 5
    today = timezone.localdate()
    found = list(hazards.values_list("found_at", flat=True))
    assert len({timezone.localtime(t).strftime("%Y-%m") for t in found}) >= 10
    assert all(timezone.localtime(t).date() <= today for t in found)
    assert hazards.exclude(status="closed").filter(deadline__lt=today).exists()  # some overdue
    assert hazards.exclude(listed_level="").count() >= 1  # 挂牌督办


def _assert_inspections_enforcement_blacklist_reports_and_submissions():
    from campaigns.models import Submission
    from enforcement.models import BlacklistEntry, EnforcementAction
    from hazards.models import HazardEvidence, PublicReport
    from inspections.models import Inspection

    assert Inspection.objects.exclude(kind="self").count() >= 30
    assert Inspection.objects.filter(status="planned").exists()
    assert EnforcementAction.objects.filter(status="pending_review").exists()
    assert EnforcementAction.objects.filter(status="effective", kind="fine").exists()
    assert BlacklistEntry.objects.filter(status="listed").exists()
    assert set(PublicReport.objects.values_list("status", flat=True)) >= {"submitted", "verified", "dismissed"}
    submissions = Submission.objects.all()
    assert submissions.with_status("overdue").exists() and submissions.with_status("pending").exists()
    assert submissions.filter(submitted_at__isnull=False).exists()
    assert HazardEvidence.objects.filter(after=False, hazard__inspection__kind="self").exists()  # 整改前 photo
    assert HazardEvidence.objects.filter(after=True).count() >= 50  # rectifications with after-photos
