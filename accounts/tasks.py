"""Background jobs of accounts: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> dict:
    """Send one notification through the deferred channels (email); a duplicate sends nothing."""
    from .services import notification_deliver

    return notification_deliver(notification_id=notification_id)


@shared_task
def sweep_notifications() -> int:
    """Every 2 minutes: re-send the notifications a channel still owes (broker down, SMTP failure)."""
    from .services import notifications_sweep

    return notifications_sweep()
