"""Daily jobs of inspections: thin wrappers that take dates and call services."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task(acks_late=True)
def remind_overdue(today: str | None = None) -> int:
    """Record today's reminder (催办) for each overdue, unsubmitted self-inspection, once."""
    from .services import self_inspections_remind_overdue

    return self_inspections_remind_overdue(today=datetime.date.fromisoformat(today) if today else None)
