"""Celery tasks of campaigns: thin interfaces that call services."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .models import ReportRequirement
from .services import submissions_generate, submissions_remind_overdue


@shared_task
def generate_due_submissions() -> int:
    """Daily: create the submissions whose period has begun, for campaigns not yet over (idempotent)."""
    today = timezone.localdate()
    created = 0
    requirements = ReportRequirement.objects.filter(
        Q(campaign__period_end__isnull=True) | Q(campaign__period_end__gte=today - timedelta(days=31))
    )
    for requirement_id in requirements.values_list("id", flat=True):
        created += submissions_generate(requirement=ReportRequirement(pk=requirement_id), until=today)
    return created


@shared_task
def remind_overdue() -> int:
    """Daily at 09:00: one automatic reminder (催报) per overdue submission (idempotent)."""
    return submissions_remind_overdue(today=timezone.localdate())
