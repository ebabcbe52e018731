"""Daily jobs of enforcement: thin wrappers that take dates and call services."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task(acks_late=True)
def expire_blacklist(today: str | None = None) -> int:
    """Blacklist entries whose term has ended leave the list."""
    from .services import blacklist_expire

    return blacklist_expire(today=datetime.date.fromisoformat(today) if today else None)
