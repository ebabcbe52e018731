"""Notifications (消息) of 催报: the unit that owes a submission (an agency's officials or an
enterprise's users) is told, by hand or by the daily job. Called inside the services' transactions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.selectors import unit_users
from accounts.services import notify

from ..models import Submission


def notify_submission_reminded(*, submission: Submission, key: str, note: str = "") -> None:
    requirement = submission.requirement
    body = _("「%(t)s」（%(p)s）应于 %(d)s 前报送，请尽快报送。") % {
        "t": requirement.title,
        "p": submission.period_label,
        "d": submission.due_date.isoformat(),
    }
    notify(
        recipients=unit_users(agency_id=submission.agency_id, enterprise_id=submission.enterprise_id),
        kind=NotificationKind.SUBMISSION_REMINDER,
        title=_("催报：%(c)s") % {"c": requirement.campaign.title},
        body=body + (f"\n{note}" if note else ""),
        url=reverse("campaigns:submission", args=[submission.pk]),
        key=key,
    )
