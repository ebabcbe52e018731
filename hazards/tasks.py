"""Daily jobs of hazards: thin wrappers that take dates and call services."""

from __future__ import annotations

import datetime

from celery import shared_task


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@shared_task(acks_late=True)
def escalate_overdue(today: str | None = None) -> dict:
    """Escalate overdue hazards (once per hazard and step)."""
    from .services import hazards_escalate

    return hazards_escalate(today=_day(today))
