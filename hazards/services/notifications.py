"""Notifications (消息) raised by the hazard lifecycle and its escalation: a rectification to accept
goes to the responsible officials, its acceptance or rejection to the enterprise's users, the overdue
notices to the enterprise (催办) and then to the supervising agency (升级督办). Called inside the
services' transactions; the emails leave after commit (accounts.services.notify)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.selectors import agency_officials, enterprise_users
from accounts.services import notify
from enterprises.recipients import enterprise_officials

from ..models import Hazard, HazardNotice


def _url(hazard: Hazard) -> str:
    return reverse("hazards:detail", args=[hazard.pk])


def _brief(hazard: Hazard) -> str:
    return hazard.description[:40]


def notify_rectification_submitted(*, hazard: Hazard, actor) -> None:
    """The enterprise reported its rectification done: the officials who accept it are asked to."""
    if not getattr(actor, "is_enterprise_user", False):
        return  # an official fixing it on the spot accepts it themselves
    notify(
        recipients=enterprise_officials(enterprise=hazard.enterprise, also_agency_ids=[hazard.listed_by_id]).exclude(
            pk=actor.pk
        ),
        kind=NotificationKind.RECTIFICATION_REVIEW,
        title=_("%(e)s 提交了隐患整改，待验收") % {"e": hazard.enterprise.name},
        body=_("隐患「%(d)s」（%(l)s）已整改完毕，请验收。") % {"d": _brief(hazard), "l": hazard.get_level_display()},
        url=_url(hazard),
        key=f"hazard:{hazard.pk}:submitted:{hazard.version}",
    )


def notify_rectification_decided(*, hazard: Hazard, actor, accepted: bool, reason: str = "") -> None:
    """Acceptance (验收通过) or rejection (整改被退回) goes to the enterprise's users."""
    if accepted:
        kind, title = NotificationKind.RECTIFICATION_ACCEPTED, _("隐患整改验收通过，已销号")
        body = _("隐患「%(d)s」已验收销号。") % {"d": _brief(hazard)}
    else:
        kind, title = NotificationKind.RECTIFICATION_REJECTED, _("隐患整改验收不通过，请继续整改")
        body = _("隐患「%(d)s」验收不通过：%(r)s") % {"d": _brief(hazard), "r": reason}
    notify(
        recipients=enterprise_users(enterprise_id=hazard.enterprise_id).exclude(pk=actor.pk),
        kind=kind,
        title=title,
        body=body,
        url=_url(hazard),
        key=f"hazard:{hazard.pk}:{'accepted' if accepted else 'rejected'}:{hazard.version}",
    )


def notify_overdue_notice(*, notice: HazardNotice) -> None:
    """Step 1 (催办) to the enterprise's users; step 2 (升级督办) to the supervising agency's officials."""
    hazard = notice.hazard
    if notice.enterprise_id:
        recipients = enterprise_users(enterprise_id=notice.enterprise_id)
        kind, title = NotificationKind.HAZARD_OVERDUE, _("隐患逾期未整改，请立即整改")
    else:
        recipients = (
            agency_officials(agency_ids=[notice.agency_id])
            if notice.agency_id
            else enterprise_officials(enterprise=hazard.enterprise)
        )
        kind, title = (
            NotificationKind.HAZARD_ESCALATED,
            _("%(e)s 的隐患逾期未整改，请督促落实") % {"e": hazard.enterprise.name},
        )
    notify(
        recipients=recipients,
        kind=kind,
        title=title,
        body=notice.message,
        url=_url(hazard),
        key=f"hazard-notice:{notice.pk}",
    )
