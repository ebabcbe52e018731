"""The blacklist (严重失信主体名单): notice, objection (陈述申辩), listing, withdrawal, early removal
on application (信用修复) and expiry. Enterprise.blacklisted follows the entries in force.

Each service runs in one transaction, locks the entry and writes the whole-process record.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from hazards.services import official_in_scope

from ..choices import BlacklistStatus, RemovalApplicationStatus
from ..models import BlacklistEntry, BlacklistRemovalApplication


def _sync_blacklisted(enterprise_id: int) -> None:
    from enterprises.models import Enterprise

    listed = BlacklistEntry.objects.filter(enterprise_id=enterprise_id, status=BlacklistStatus.LISTED).exists()
    Enterprise.objects.filter(pk=enterprise_id).update(blacklisted=listed)


def _blacklist_transition(entry, actor, *, action, to_state, fields, reason=""):
    from_state = entry.status
    entry.status = to_state
    for key, value in fields.items():
        setattr(entry, key, value)
    entry.save(update_fields=["status", *fields.keys()])
    _sync_blacklisted(entry.enterprise_id)
    audit_record(
        actor=actor, obj=entry, action=action, from_state=from_state, to_state=to_state, changes=fields, reason=reason
    )
    return entry


def _blacklist_lock(entry, actor, *, status, official=True):
    entry = BlacklistEntry.objects.select_for_update().select_related("enterprise").get(pk=entry.pk)
    if official and not (actor is None or actor.is_superuser or official_in_scope(actor, entry.enterprise)):
        raise NotPermitted(_("只有辖区内的监管人员可以办理黑名单。"))
    if entry.status != status:
        raise TransitionNotAllowed(
            _("黑名单记录当前状态为「%(s)s」，不能执行该操作。") % {"s": entry.get_status_display()},
            extra={"allowed": []},
        )
    return entry


@transaction.atomic
def blacklist_notify(*, actor, enterprise, reason: str, legal_basis: str, today=None) -> BlacklistEntry:
    """告知: the enterprise is told it will be listed and may object within BLACKLIST_OBJECTION_DAYS."""
    today = today or timezone.localdate()
    if not (actor.is_superuser or official_in_scope(actor, enterprise)) or actor.role == OfficialRole.LEADER:
        raise NotPermitted(_("只有辖区内的执法人员可以发起黑名单告知。"))
    if actor.agency_id is None:  # a back-office superuser: the notice is issued in an agency's name
        raise NotPermitted(_("黑名单告知须以监管部门的名义发起，请使用所属部门的执法人员账号。"))
    if not reason or not legal_basis:
        raise DomainError(_("请填写列入事由和法律依据。"), field="reason")
    if BlacklistEntry.objects.filter(
        enterprise=enterprise, status__in=[BlacklistStatus.NOTICED, BlacklistStatus.LISTED]
    ).exists():
        raise DomainError(_("该企业已有在办或在列的黑名单记录。"))
    entry = BlacklistEntry.objects.create(
        enterprise=enterprise,
        agency=actor.agency,
        reason=reason,
        legal_basis=legal_basis,
        status=BlacklistStatus.NOTICED,
        noticed_on=today,
        objection_until=today + datetime.timedelta(days=settings.BLACKLIST_OBJECTION_DAYS),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        obj=entry,
        action="notify",
        to_state=entry.status,
        changes={"enterprise": enterprise.pk, "objection_until": entry.objection_until, "legal_basis": legal_basis},
        reason=reason,
    )
    return entry


@transaction.atomic
def blacklist_object(*, entry: BlacklistEntry, actor, statement: str, today=None) -> BlacklistEntry:
    """陈述申辩: the enterprise answers the notice within the objection period, once.

    The agency then decides: uphold it (blacklist_withdraw) or list after the period.
    """
    today = today or timezone.localdate()
    entry = _blacklist_lock(entry, actor, status=BlacklistStatus.NOTICED, official=False)
    if not (getattr(actor, "is_enterprise_user", False) and actor.enterprise_id == entry.enterprise_id):
        raise NotPermitted(_("只有被告知企业的用户可以提出陈述申辩。"))
    if today > entry.objection_until:
        raise DomainError(_("陈述申辩期已于 %(d)s 届满。") % {"d": entry.objection_until}, field="statement")
    if entry.objected_at:
        raise DomainError(_("已提出过陈述申辩，不能重复提交。"), field="statement")
    statement = (statement or "").strip()
    if not statement:
        raise DomainError(_("请填写陈述申辩内容。"), field="statement")
    entry.objection, entry.objected_at = statement, timezone.now()
    entry.save(update_fields=["objection", "objected_at"])
    audit_record(
        actor=actor, obj=entry, action="object", from_state=entry.status, to_state=entry.status, reason=statement
    )
    return entry


@transaction.atomic
def blacklist_list(*, entry: BlacklistEntry, actor, today=None) -> BlacklistEntry:
    """列入: after the objection period, the enterprise is listed for BLACKLIST_TERM_DAYS."""
    today = today or timezone.localdate()
    entry = _blacklist_lock(entry, actor, status=BlacklistStatus.NOTICED)
    if today <= entry.objection_until:
        raise DomainError(_("陈述申辩期（至 %(d)s）未满，不能列入。") % {"d": entry.objection_until})
    term = today + datetime.timedelta(days=settings.BLACKLIST_TERM_DAYS)
    return _blacklist_transition(
        entry, actor, action="list", to_state=BlacklistStatus.LISTED, fields={"listed_on": today, "term_until": term}
    )


@transaction.atomic
def blacklist_withdraw(*, entry: BlacklistEntry, actor, reason: str) -> BlacklistEntry:
    """The objection is upheld (申辩成立): the enterprise is not listed."""
    entry = _blacklist_lock(entry, actor, status=BlacklistStatus.NOTICED)
    if not reason:
        raise DomainError(_("请填写理由。"), field="reason")
    return _blacklist_transition(
        entry,
        actor,
        action="withdraw",
        to_state=BlacklistStatus.WITHDRAWN,
        fields={"end_reason": reason},
        reason=reason,
    )


def _check_removal_period(entry: BlacklistEntry, today: datetime.date) -> None:
    earliest = entry.removal_possible_from
    if today < earliest:
        raise DomainError(_("列入未满最短期限，%(d)s 起方可申请提前移出。") % {"d": earliest}, field="credit_repair")


def _pending_application(entry: BlacklistEntry) -> BlacklistRemovalApplication | None:
    return (
        BlacklistRemovalApplication.objects.select_for_update()
        .filter(entry=entry, status=RemovalApplicationStatus.PENDING)
        .first()
    )


@transaction.atomic
def blacklist_apply_removal(
    *, entry: BlacklistEntry, actor, credit_repair: str, today=None
) -> BlacklistRemovalApplication:
    """申请提前移出: the listed enterprise applies, after the minimum period, describing its credit repair.

    One pending application at a time; the agency approves it (blacklist_remove_early) or refuses
    it with a reason (blacklist_refuse_removal), after which the enterprise may apply again.
    """
    today = today or timezone.localdate()
    if not (getattr(actor, "is_enterprise_user", False) and actor.enterprise_id == entry.enterprise_id):
        raise NotPermitted(_("只有被列入企业的用户可以申请提前移出。"))
    entry = _blacklist_lock(entry, actor, status=BlacklistStatus.LISTED, official=False)
    _check_removal_period(entry, today)
    credit_repair = (credit_repair or "").strip()
    if not credit_repair:
        raise DomainError(_("请填写信用修复情况。"), field="credit_repair")
    if _pending_application(entry) is not None:
        raise DomainError(_("已有待审核的提前移出申请，请等待监管部门审核。"), field="credit_repair")
    application = BlacklistRemovalApplication.objects.create(entry=entry, credit_repair=credit_repair, applied_by=actor)
    audit_record(
        actor=actor,
        obj=entry,
        action="apply_removal",
        from_state=entry.status,
        to_state=entry.status,
        changes={"application": application.pk},
        reason=credit_repair,
    )
    return application


@transaction.atomic
def blacklist_refuse_removal(*, entry: BlacklistEntry, actor, reason: str) -> BlacklistRemovalApplication:
    """不予提前移出: the agency refuses the pending application with a reason; the entry stays listed."""
    entry = _blacklist_lock(entry, actor, status=BlacklistStatus.LISTED)
    application = _pending_application(entry)
    if application is None:
        raise TransitionNotAllowed(_("没有待审核的提前移出申请。"), extra={"allowed": []})
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写不予移出的理由。"), field="reason")
    application.status = RemovalApplicationStatus.REFUSED
    application.decided_by, application.decided_at, application.refusal_reason = actor, timezone.now(), reason
    application.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    audit_record(
        actor=actor,
        obj=entry,
        action="refuse_removal",
        from_state=entry.status,
        to_state=entry.status,
        changes={"application": application.pk},
        reason=reason,
    )
    return application


@transaction.atomic
def blacklist_remove_early(*, entry: BlacklistEntry, actor, credit_repair: str = "", today=None) -> BlacklistEntry:
    """提前移出 on application, after BLACKLIST_MIN_DAYS_BEFORE_REMOVAL, with the credit repair recorded.

    With a pending online application the agency approves it and its credit repair is what is
    recorded (the agency's text, if any, is kept as the note); without one (an application made on
    paper) the agency records the credit repair itself.
    """
    today = today or timezone.localdate()
    entry = _blacklist_lock(entry, actor, status=BlacklistStatus.LISTED)
    _check_removal_period(entry, today)
    application = _pending_application(entry)
    note = (credit_repair or "").strip()
    recorded = application.credit_repair if application else note
    if not recorded:
        raise DomainError(_("请填写信用修复情况。"), field="credit_repair")
    if application is not None:
        application.status = RemovalApplicationStatus.APPROVED
        application.decided_by, application.decided_at = actor, timezone.now()
        application.save(update_fields=["status", "decided_by", "decided_at"])
    return _blacklist_transition(
        entry,
        actor,
        action="remove_early",
        to_state=BlacklistStatus.REMOVED,
        fields={"ended_on": today, "credit_repair": recorded},
        reason=note or recorded,
    )


def blacklist_expire(*, today=None) -> int:
    """期满移出: listed entries whose term has ended leave the list (daily beat task)."""
    today = today or timezone.localdate()
    count = 0
    for entry in BlacklistEntry.objects.filter(status=BlacklistStatus.LISTED, term_until__lte=today):
        with transaction.atomic():
            try:
                locked = _blacklist_lock(entry, None, status=BlacklistStatus.LISTED, official=False)
            except TransitionNotAllowed:
                continue
            _blacklist_transition(
                locked, None, action="expire", to_state=BlacklistStatus.EXPIRED, fields={"ended_on": today}
            )
            count += 1
    return count
