"""Reads of campaigns: the implementing-plan tree, submission tables, the expert pool and group
calendars. The figures (targets, roll-ups) are in reports/statistics, one definition each."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from accounts.models import User

from .choices import SubmissionStatus
from .models import Campaign, GroupVisit, InspectionGroup, Submission


def campaign_tree_ids(campaign) -> list[int]:
    """The campaign and all its implementing plans (one query per level of the tree)."""
    ids, frontier = [campaign.pk], [campaign.pk]
    while frontier:
        frontier = list(Campaign.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids += frontier
    return ids


def submission_summary(requirement, user) -> dict:
    """已报 / 未报 / 逾期 counts of a requirement's submissions visible to the user (one query)."""
    from django.utils import timezone

    today = timezone.localdate()
    qs = Submission.objects.visible_to(user).filter(requirement=requirement)
    return qs.aggregate(
        submitted=Count("id", filter=Q(submitted_at__isnull=False)),
        pending=Count("id", filter=Q(submitted_at__isnull=True, due_date__gte=today)),
        overdue=Count("id", filter=Q(submitted_at__isnull=True, due_date__lt=today)),
        total=Count("id"),
    )


def submissions_for(user, *, campaign=None, status: str | None = None):
    qs = Submission.objects.visible_to(user).select_related(
        "requirement__campaign__region", "agency", "enterprise", "submitted_by"
    )
    if campaign is not None:
        qs = qs.filter(requirement__campaign=campaign)
    if status in SubmissionStatus.values:
        qs = qs.with_status(status)
    return qs


def with_reminders(qs, day: date | None = None):
    """Annotate submissions with `reminder_count`, `last_reminded_at` (催报 N 次，最近 …) and
    `reminded_today` (an official already reminded by hand today: no second one)."""
    from .models import SubmissionReminder

    day = day or timezone.localdate()
    manual_today = SubmissionReminder.objects.filter(submission=OuterRef("pk"), kind="manual", sent_on=day)
    return qs.annotate(
        reminder_count=Count("reminders"),
        last_reminded_at=Max("reminders__sent_at"),
        reminded_today=Exists(manual_today),
    )


def expert_pool(campaign: Campaign | None = None):
    """Experts of the pool (seed 002 "分门别类组建专家库"), matching the campaign's industries when given."""
    qs = User.objects.filter(in_expert_pool=True, is_active=True).prefetch_related("specialties")
    if campaign is not None:
        roots = list(campaign.industries.all())
        if roots:
            q = Q()
            for root in roots:
                q |= Q(specialties__path__startswith=root.path)
                for prefix in _prefixes(root.path):
                    q |= Q(specialties__path=prefix)
            qs = qs.filter(q).distinct()
    return qs.order_by("username")


def _prefixes(path: str):
    parts = [p for p in path.split("/") if p]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i]) + "/"


def month_grid(year: int, month: int, visits) -> list[list[dict]]:
    """Weeks (Monday first) of day cells, each with the visits covering that day."""
    cal = calendar.Calendar(firstweekday=0)
    weeks = []
    for week in cal.monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "visits": [v for v in visits if v.start <= day <= v.end],
                }
                for day in week
            ]
        )
    return weeks


def group_visits_in_month(group: InspectionGroup, year: int, month: int):
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return list(
        GroupVisit.objects.filter(group=group, start__lte=last, end__gte=first - timedelta(days=0)).select_related(
            "enterprise"
        )
    )
