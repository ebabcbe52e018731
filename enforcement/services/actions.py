"""Enforcement actions (执法措施) and legal review (法制审核) of the major ones.

A major decision (重大执法决定) has no effect until a legal reviewer of the same agency, who is not
its author, approves it. Each service runs in one transaction and writes the whole-process record.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from hazards.services import official_in_scope

from ..choices import MAJOR_KINDS, EnforcementKind, EnforcementStatus
from ..models import EnforcementAction
from .notifications import notify_legal_review_done, notify_legal_review_requested


def enforcement_is_major(kind: str, amount) -> bool:
    """重大执法决定: suspension, closure, revocation, or a fine above MAJOR_FINE_THRESHOLD."""
    if kind in MAJOR_KINDS:
        return True
    threshold = Decimal(str(getattr(settings, "MAJOR_FINE_THRESHOLD", 50000)))
    return kind == EnforcementKind.FINE and amount is not None and Decimal(str(amount)) > threshold


@transaction.atomic
def enforcement_create(
    *,
    actor,
    kind: str,
    description: str,
    enterprise=None,
    inspection=None,
    hazard=None,
    amount=None,
    starts_on=None,
    ends_on=None,
    doc_number: str = "",
    legal_basis: str = "",
) -> EnforcementAction:
    """An official decides an enforcement measure; a major one waits for legal review before it has effect."""
    enterprise = (
        enterprise or (hazard.enterprise if hazard else None) or (inspection.enterprise if inspection else None)
    )
    if enterprise is None:
        raise DomainError(_("执法措施须关联企业、检查或隐患。"), field="enterprise")
    if (hazard and hazard.enterprise_id != enterprise.pk) or (inspection and inspection.enterprise_id != enterprise.pk):
        raise DomainError(_("隐患或检查不属于该企业。"), field="enterprise")
    if not (actor.is_superuser or official_in_scope(actor, enterprise)) or actor.role == OfficialRole.LEADER:
        raise NotPermitted(_("只有辖区内的执法人员可以作出执法措施。"))
    if kind not in EnforcementKind.values:
        raise DomainError(_("未知的执法措施类型。"), field="kind")
    if kind == EnforcementKind.FINE and (amount is None or Decimal(str(amount)) <= 0):
        raise DomainError(_("罚款须填写金额。"), field="amount")
    if kind in (EnforcementKind.SUSPENSION, EnforcementKind.ORDER_RECTIFY) and not ends_on:
        raise DomainError(_("请填写期限（截止日期）。"), field="ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("截止日期不能早于起始日期。"), field="ends_on")
    major = enforcement_is_major(kind, amount)
    action = EnforcementAction.objects.create(
        agency=actor.agency,
        enterprise=enterprise,
        inspection=inspection,
        hazard=hazard,
        kind=kind,
        description=description,
        legal_basis=legal_basis,
        doc_number=doc_number,
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        major=major,
        status=EnforcementStatus.PENDING_REVIEW if major else EnforcementStatus.EFFECTIVE,
        effective_at=None if major else timezone.now(),
        author=actor,
    )
    audit_record(
        actor=actor,
        obj=action,
        action="create",
        to_state=action.status,
        changes={
            "kind": kind,
            "amount": amount,
            "major": major,
            "enterprise": enterprise.pk,
            "hazard": hazard.pk if hazard else None,
            "inspection": inspection.pk if inspection else None,
            "doc_number": doc_number,
        },
        reason=description,
    )
    if major:
        notify_legal_review_requested(action=action)
    return action


@transaction.atomic
def enforcement_review(*, action: EnforcementAction, actor, approve: bool, note: str = "") -> EnforcementAction:
    """Legal review of a major decision by a legal reviewer of the same agency who is not its author."""
    action = EnforcementAction.objects.select_for_update().get(pk=action.pk)
    if action.status != EnforcementStatus.PENDING_REVIEW:
        raise TransitionNotAllowed(_("该执法措施不在待法制审核状态。"), extra={"allowed": []})
    if actor.pk == action.author_id:
        raise NotPermitted(_("承办人不能审核自己作出的执法决定。"))
    if not (
        getattr(actor, "is_official", False)
        and actor.role == OfficialRole.LEGAL
        and actor.agency_id == action.agency_id
    ):
        raise NotPermitted(_("只有本部门的法制审核人员可以审核。"))
    if not approve and not note:
        raise DomainError(_("审核不通过须写明理由。"), field="note")
    from_state = action.status
    now = timezone.now()
    action.status = EnforcementStatus.EFFECTIVE if approve else EnforcementStatus.REFUSED
    action.reviewed_by, action.reviewed_at, action.review_note = actor, now, note
    action.effective_at = now if approve else None
    action.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "effective_at"])
    audit_record(
        actor=actor,
        obj=action,
        action="legal_review",
        from_state=from_state,
        to_state=action.status,
        changes={"approve": approve},
        reason=note,
    )
    notify_legal_review_done(action=action)
    return action
