"""Writes of accounts: notifications (消息) — create them for an event, mark them read, and send
them through the deferred channels (email) after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, NotPermitted
from core.jobs import send_job

from .channels import channels, deferred_channels
from .choices import NotificationKind
from .models import Notification, User

log = logging.getLogger(__name__)


def _recipient_ids(recipients) -> list[int]:
    if hasattr(recipients, "values_list"):  # a queryset of users
        return list(recipients.filter(is_active=True).values_list("pk", flat=True).distinct())
    return sorted({u.pk for u in recipients if u is not None and u.is_active})


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str,
) -> list[Notification]:
    """Notify each recipient of one event: an in-app row each, and after commit one Celery task per
    new row for the deferred channels (email). `key` names the event (e.g. "hazard:12:submit:3"):
    a recipient already notified of it gets nothing new, so a service or a daily job that runs
    twice notifies once. Returns the rows this call created.

    Sending never fails the request: with the broker down the rows wait for the sweeper."""
    if not (title or "").strip():
        raise DomainError(_("消息须有标题。"), field="title")
    if kind not in NotificationKind.values:
        raise DomainError(_("消息类型「%(k)s」不存在。") % {"k": kind}, field="kind")
    if not (key or "").strip():
        raise DomainError(_("消息须有事件标识。"), field="key")
    ids = _recipient_ids(recipients)
    if not ids:
        return []
    already = set(Notification.objects.filter(key=key, recipient_id__in=ids).values_list("recipient_id", flat=True))
    now = timezone.now()
    new = [
        Notification(
            recipient_id=pk, kind=kind, title=title[:200], body=body, url=url[:500], key=key[:200], created_at=now
        )
        for pk in ids
        if pk not in already
    ]
    # ON CONFLICT DO NOTHING: a concurrent call for the same event adds no second row.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        Notification.objects.filter(key=key[:200], recipient_id__in=[n.recipient_id for n in new], created_at=now)
    )
    for row in created:
        for channel in channels():
            if not channel.deferred:
                channel.send(row)
    if deferred_channels():
        pks = [row.pk for row in created]
        transaction.on_commit(lambda: [notification_enqueue(pk) for pk in pks])
    return created


def notification_enqueue(notification_id: int) -> bool:
    """Send the delivery task of one notification; with the broker down it waits for the sweeper."""
    from .tasks import deliver_notification

    return send_job(deliver_notification, notification_id)


def notification_deliver(*, notification_id: int) -> dict[str, bool]:
    """Run every deferred channel on one notification (called by the task). Each channel claims
    the row before sending, so a redelivered task sends nothing twice."""
    row = Notification.objects.filter(pk=notification_id).first()
    if row is None:
        return {}
    return {channel.name: channel.send(row) for channel in deferred_channels()}


def notifications_sweep(*, older_than_seconds: int = 60) -> int:
    """Re-send the delivery tasks of notifications a deferred channel still owes (a message lost,
    a broker that was down, an SMTP failure); how many tasks were sent."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids: set[int] = set()
    for channel in deferred_channels():
        ids.update(channel.pending().filter(created_at__lt=cutoff).values_list("pk", flat=True)[:500])
    return sum(notification_enqueue(pk) for pk in sorted(ids))


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """The recipient has read the notification (first reading kept)."""
    if notification.recipient_id != actor.pk:
        raise NotPermitted(_("只能标记发给自己的消息。"))
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """全部标为已读: every unread notification of the actor; how many were marked."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
