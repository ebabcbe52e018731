"""Celery tasks of reports: thin interfaces that call services."""

from __future__ import annotations

import datetime

from celery import shared_task

from .services import stat_reports_generate_due


@shared_task(acks_late=True)
def generate_due_stat_reports(today: str | None = None) -> int:
    """Daily at 00:20 (after the due submissions exist): each unit's statistics-form draft on its
    requirement's due day (idempotent: one report per unit, campaign, form and period)."""
    return stat_reports_generate_due(today=datetime.date.fromisoformat(today) if today else None)
