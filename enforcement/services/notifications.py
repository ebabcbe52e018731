"""Notifications (消息) of legal review (法制审核): a major decision asks the agency's legal reviewers
to review it; their decision goes back to its author. Called inside the services' transactions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.selectors import legal_reviewers
from accounts.services import notify

from ..choices import EnforcementStatus
from ..models import EnforcementAction


def _summary(action: EnforcementAction) -> str:
    amount = _("，罚款 %(a)s 元") % {"a": f"{action.amount:,.2f}"} if action.amount else ""
    return _("%(e)s · %(k)s%(a)s") % {"e": action.enterprise.name, "k": action.get_kind_display(), "a": amount}


def notify_legal_review_requested(*, action: EnforcementAction) -> None:
    notify(
        recipients=legal_reviewers(agency_id=action.agency_id).exclude(pk=action.author_id),
        kind=NotificationKind.LEGAL_REVIEW,
        title=_("重大执法决定待法制审核"),
        body=_summary(action),
        url=reverse("enforcement:detail", args=[action.pk]),
        key=f"enforcement:{action.pk}:legal-review",
    )


def notify_legal_review_done(*, action: EnforcementAction) -> None:
    approved = action.status == EnforcementStatus.EFFECTIVE
    title = _("法制审核通过，执法决定已生效") if approved else _("法制审核未通过")
    body = _summary(action) + (f"\n{action.review_note}" if action.review_note else "")
    notify(
        recipients=[action.author] if action.author_id else [],
        kind=NotificationKind.LEGAL_REVIEW_DONE,
        title=title,
        body=body,
        url=reverse("enforcement:detail", args=[action.pk]),
        key=f"enforcement:{action.pk}:reviewed",
    )
