"""Delivery channels of notifications (消息) behind one small interface.

A channel takes a stored Notification and delivers it. `settings.NOTIFICATION_CHANNELS` lists the
channels in use (dotted paths); SMS or WeChat Work is added by writing a class like EmailChannel
(with its own "sent" column claimed by a compare-and-set) and naming it there.

- InAppChannel: the row itself is the in-app message (the notification centre and the badge read
  it); nothing is sent, so it is immediate and never pending.
- EmailChannel: through Django's email backend (console in development, SMTP in production,
  locmem in tests), only to users with an address. It runs in a Celery task after commit and
  claims the row first, so a redelivered message or a second sweep sends nothing twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Notification

log = logging.getLogger(__name__)


class Channel:
    """One way to deliver a notification. `deferred` channels run in a Celery task after commit."""

    name = ""
    deferred = False

    def send(self, notification: Notification) -> bool:
        """Deliver the notification; True when this call delivered it (False: nothing to do)."""
        raise NotImplementedError

    def pending(self) -> QuerySet[Notification]:
        """Notifications this channel still has to deliver (for the sweeper); none by default."""
        return Notification.objects.none()


class InAppChannel(Channel):
    """The notification centre: the stored row is the message, shown until it is read."""

    name = "in_app"

    def send(self, notification: Notification) -> bool:
        return True


class EmailChannel(Channel):
    """An email per notification to the recipient's address, sent once."""

    name = "email"
    deferred = True
    max_attempts = 3
    #: the sweeper gives up on rows older than this (a user who adds an address later gets no backlog)
    max_age = timedelta(days=2)

    def pending(self) -> QuerySet[Notification]:
        return Notification.objects.filter(
            emailed_at__isnull=True,
            email_attempts__lt=self.max_attempts,
            created_at__gte=timezone.now() - self.max_age,
            recipient__is_active=True,
        ).exclude(recipient__email="")

    def send(self, notification: Notification) -> bool:
        row = Notification.objects.select_related("recipient").get(pk=notification.pk)
        if not row.recipient.email or not row.recipient.is_active:
            return False
        # Claim the row in one UPDATE (compare-and-set): however many messages or sweeps ask for
        # this notification, only one of them gets to send it. The condition stays on the row's own
        # columns: a join here would become `pk IN (subquery)`, which PostgreSQL does not re-check
        # after waiting for a concurrent claim, and both copies would send.
        claimed = Notification.objects.filter(
            pk=row.pk, emailed_at__isnull=True, email_attempts__lt=self.max_attempts
        ).update(emailed_at=timezone.now(), email_attempts=F("email_attempts") + 1)
        if not claimed:
            return False
        try:
            EmailMessage(
                subject=_("【安全生产专项行动平台】%(t)s") % {"t": row.title},
                body=self.body(row),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[row.recipient.email],
            ).send()
        except Exception as exc:  # SMTP refused or unreachable: release the claim for the sweeper
            log.warning("notification %s: email to %s failed: %s", row.pk, row.recipient.email, exc)
            Notification.objects.filter(pk=row.pk).update(emailed_at=None, email_error=str(exc)[:500])
            return False
        Notification.objects.filter(pk=row.pk).update(email_error="")
        return True

    @staticmethod
    def body(row: Notification) -> str:
        lines = [str(row.recipient) + _("，您好："), "", row.title]
        if row.body:
            lines += ["", row.body]
        if row.url:
            lines += ["", _("查看详情：%(u)s") % {"u": settings.SITE_URL.rstrip("/") + row.url}]
        lines += ["", _("此邮件由安全生产专项行动平台自动发送，请勿直接回复。")]
        return "\n".join(lines)


@cache
def _load(paths: tuple[str, ...]) -> tuple[Channel, ...]:
    return tuple(import_string(path)() for path in paths)


def channels() -> tuple[Channel, ...]:
    """The channels in use (settings.NOTIFICATION_CHANNELS), each instantiated once."""
    return _load(tuple(getattr(settings, "NOTIFICATION_CHANNELS", ())))


def deferred_channels() -> tuple[Channel, ...]:
    return tuple(c for c in channels() if c.deferred)
