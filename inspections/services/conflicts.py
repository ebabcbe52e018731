"""Experts' conflicts of interest (回避): declared by the expert or recorded by an official, withdrawn."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed

from ..models import (
    ExpertConflict,
)

# --- conflicts of interest (回避) ---------------------------------------------------------------

CONFLICT_RECORDER_ROLES = (OfficialRole.ADMIN, OfficialRole.INSPECTOR)


def _conflict_may_manage(actor, *, expert, enterprise) -> bool:
    """The expert themself, or an agency administrator/inspector whose jurisdiction holds the enterprise."""
    from enterprises.models import Enterprise

    if actor.is_superuser or actor.pk == expert.pk:
        return True
    return (
        getattr(actor, "is_official", False)
        and actor.role in CONFLICT_RECORDER_ROLES
        and Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists()
    )


@transaction.atomic
def expert_conflict_declare(*, actor, expert, enterprise, reason: str) -> ExpertConflict:
    """Record that an expert must not inspect an enterprise (回避): declared by the expert, or
    recorded for them by an administrator or inspector of the enterprise's jurisdiction. While
    active, planning an inspection of the enterprise with this expert is refused."""
    if expert is None or not getattr(expert, "is_expert", False):
        raise DomainError(_("请选择一名外部专家。"), field="expert")
    if enterprise is None:
        raise DomainError(_("请选择企业。"), field="enterprise")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写回避原因。"), field="reason")
    if len(reason) > 200:
        raise DomainError(_("回避原因不能超过 200 字。"), field="reason")
    if not _conflict_may_manage(actor, expert=expert, enterprise=enterprise):
        if getattr(actor, "is_official", False) and actor.role in CONFLICT_RECORDER_ROLES:
            raise DomainError(_("企业「%(e)s」不在您的辖区内。") % {"e": enterprise}, field="enterprise")
        raise NotPermitted(_("只有专家本人或监管部门的管理员、检查人员可以登记回避。"))
    if ExpertConflict.objects.active().filter(expert=expert, enterprise=enterprise).exists():
        raise DomainError(_("%(x)s 已登记与该企业的回避。") % {"x": expert}, field="enterprise")
    conflict = ExpertConflict.objects.create(expert=expert, enterprise=enterprise, reason=reason, declared_by=actor)
    audit_record(
        actor=actor,
        obj=conflict,
        action="declare_conflict",
        reason=reason,
        changes={"expert": expert.pk, "enterprise": enterprise.pk},
    )
    return conflict


@transaction.atomic
def expert_conflict_withdraw(*, actor, conflict: ExpertConflict, reason: str = "") -> ExpertConflict:
    """Withdraw a declared conflict (the expert may inspect the enterprise again). The row stays,
    marked withdrawn, as the record that the conflict once existed."""
    if not _conflict_may_manage(actor, expert=conflict.expert, enterprise=conflict.enterprise):
        raise NotPermitted(_("只有专家本人或监管部门的管理员、检查人员可以撤回回避。"))
    now = timezone.now()
    # Compare-and-set: two withdrawals at once record one.
    updated = ExpertConflict.objects.filter(pk=conflict.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor
    )
    if not updated:
        raise TransitionNotAllowed(_("该回避已撤回。"))
    conflict.refresh_from_db()
    audit_record(actor=actor, obj=conflict, action="withdraw_conflict", reason=reason)
    return conflict
