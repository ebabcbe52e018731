"""Overdue escalation (逾期督办): a notice to the enterprise, then one to the supervising agency."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record

from ..choices import NoticeStep
from ..models import Hazard, HazardNotice
from .notifications import notify_overdue_notice


def hazards_escalate(*, today: datetime.date | None = None) -> dict:
    """Escalate overdue hazards once per step: 1 a notice to the enterprise; 2, when step 1 is at
    least HAZARD_ESCALATION_DAYS old and the hazard is still overdue, a notice to the agency.

    Idempotent: (hazard, step) is unique, so a second run on the same day sends nothing."""
    today = today or timezone.localdate()
    wait = datetime.timedelta(days=getattr(settings, "HAZARD_ESCALATION_DAYS", 3))
    sent = {"enterprise": 0, "agency": 0}
    overdue = Hazard.objects.overdue(today).select_related("enterprise", "enterprise__responsible_agency")
    for hazard in overdue.filter(~Q(notices__step=NoticeStep.ENTERPRISE)):
        if _notice_once(hazard=hazard, step=NoticeStep.ENTERPRISE, today=today):
            sent["enterprise"] += 1
    second = overdue.filter(notices__step=NoticeStep.ENTERPRISE, notices__sent_on__lte=today - wait).exclude(
        notices__step=NoticeStep.AGENCY
    )
    for hazard in second:
        if _notice_once(hazard=hazard, step=NoticeStep.AGENCY, today=today):
            sent["agency"] += 1
    return sent


@transaction.atomic
def _notice_once(*, hazard: Hazard, step: int, today: datetime.date) -> bool:
    locked = Hazard.objects.select_for_update().select_related("enterprise").get(pk=hazard.pk)
    if HazardNotice.objects.filter(hazard=locked, step=step).exists():
        return False
    agency = locked.enterprise.responsible_agency if step == NoticeStep.AGENCY else None
    message = (
        _("隐患「%(d)s」已超过整改期限（%(dl)s），请立即整改。")
        if step == NoticeStep.ENTERPRISE
        else _("企业 %(e)s 的隐患「%(d)s」逾期未整改（期限 %(dl)s），请督促落实。")
    ) % {"d": locked.description[:40], "dl": locked.deadline, "e": locked.enterprise.name}
    notice = HazardNotice.objects.create(
        hazard=locked,
        step=step,
        enterprise=locked.enterprise if step == NoticeStep.ENTERPRISE else None,
        agency=agency,
        message=message,
        sent_on=today,
    )
    audit_record(
        actor=None,
        obj=locked,
        action=f"escalate_{step}",
        from_state=locked.status,
        to_state=locked.status,
        changes={"notice": notice.pk, "step": step, "agency": agency.pk if agency else None},
        reason=message,
    )
    notify_overdue_notice(notice=notice)
    return True
