"""Who may act on a hazard, and the guarded change every lifecycle service goes through.

Each change locks the row (`select_for_update`), compares the version the caller saw
(compare-and-set), checks the status against the transition table (hazards/choices.py) and who may
act, and writes the whole-process record (core.audit.audit_record) in the same transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import ConcurrentChange, NotPermitted, TransitionNotAllowed
from core.uploads import evidence_accept
from enterprises.scoping import enterprise_scope_q

from ..choices import ENTERPRISE, OFFICIAL, SUPERVISOR, TRANSITIONS, HazardAction
from ..models import Hazard, HazardEvidence

ACTING_ROLES = (OfficialRole.ADMIN, OfficialRole.INSPECTOR, OfficialRole.LEADER)
LEVEL_RANK = {"province": 1, "city": 2, "county": 3, "township": 4, "grid": 5}
CONCURRENT_MESSAGE = "已被他人修改，请刷新后重试。"


def official_in_scope(user, enterprise) -> bool:
    """An acting official (administrator, inspector, leader) whose jurisdiction covers the enterprise."""
    if not getattr(user, "is_official", False) or user.role not in ACTING_ROLES:
        return False
    from enterprises.models import Enterprise

    return Enterprise.objects.filter(enterprise_scope_q(user), pk=enterprise.pk).exists()


def actor_roles(hazard: Hazard, user) -> set[str]:
    """The roles of the transition table this user holds for this hazard."""
    roles: set[str] = set()
    if getattr(user, "is_superuser", False):
        return {ENTERPRISE, OFFICIAL, SUPERVISOR}
    if getattr(user, "is_enterprise_user", False) and user.enterprise_id == hazard.enterprise_id:
        roles.add(ENTERPRISE)
    if official_in_scope(user, hazard.enterprise):
        roles.add(OFFICIAL)
        if not hazard.listed_level or user.agency.level == hazard.listed_level:
            roles.add(SUPERVISOR)
    return roles


def _who(transition, hazard: Hazard) -> tuple[str, ...]:
    return transition.who_major if (hazard.is_major or hazard.listed) else transition.who


def allowed_actions(hazard: Hazard, user) -> list[str]:
    """Actions this user may take on the hazard in its current state (for 409 bodies and pages)."""
    roles = actor_roles(hazard, user)
    return [
        action
        for action, t in TRANSITIONS.items()
        if hazard.status in t.sources and roles.intersection(_who(t, hazard))
    ]


def _lock(hazard: Hazard, expected_version: int | None) -> Hazard:
    """Lock the row and compare the version the caller saw; a difference means someone else acted.

    Only the hazard's row (`of=("self",)`): locking its enterprise too would make every other
    write referring to that enterprise (a new hazard, a notification) wait for this transaction
    while it waits for their hazard-rollup row (hazards.rollup) — a deadlock."""
    locked = Hazard.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=hazard.pk)
    seen = hazard.version if expected_version is None else expected_version
    if locked.version != seen:
        raise ConcurrentChange(_(CONCURRENT_MESSAGE), extra={"version": locked.version})
    return locked


def _guard(hazard: Hazard, actor, action: str) -> None:
    """Status guard (409 with the allowed actions), then who may act (403)."""
    transition = TRANSITIONS[action]
    if not actor_roles(hazard, actor):
        raise NotPermitted(_("您无权处理该隐患。"), extra={"allowed": []})
    if hazard.status not in transition.sources:
        raise TransitionNotAllowed(
            _("隐患当前状态为「%(s)s」，不能执行「%(a)s」。")
            % {"s": hazard.get_status_display(), "a": HazardAction(action).label},
            extra={"allowed": allowed_actions(hazard, actor), "status": hazard.status},
        )
    who = _who(transition, hazard)
    if not actor_roles(hazard, actor).intersection(who):
        if action in (HazardAction.ACCEPT, HazardAction.REJECT) and hazard.listed:
            message = _("挂牌督办的隐患只能由挂牌级别（%(l)s）的监管部门验收。") % {
                "l": hazard.get_listed_level_display()
            }
        elif action in (HazardAction.ACCEPT, HazardAction.REJECT) and hazard.is_major:
            message = _("重大隐患只能由负有监管职责的部门验收，企业不能自行验收。")
        elif action == HazardAction.RECTIFY_IMMEDIATELY and hazard.is_major:
            message = _("重大隐患不能立即整改销号，须落实五到位后限期整改。")
        else:
            message = _("您无权对该隐患执行「%(a)s」。") % {"a": HazardAction(action).label}
        raise NotPermitted(message, extra={"allowed": allowed_actions(hazard, actor)})


def _move(hazard: Hazard, *, actor, action: str, to_state: str | None, fields: dict, reason: str = "", evidence=None):
    """Apply a guarded change: bump the version, save the named fields, write the history entry."""
    from_state = hazard.status
    for name, value in fields.items():
        setattr(hazard, name, value)
    if to_state:
        hazard.status = to_state
    hazard.version += 1
    hazard.save(update_fields=[*fields.keys(), "status", "version"])
    audit_record(
        actor=actor,
        obj=hazard,
        action=action,
        from_state=from_state,
        to_state=hazard.status,
        changes={k: v for k, v in fields.items() if k != "closed_at"},
        reason=reason,
        evidence=evidence or [],
    )
    return hazard


def _store_photos(*, hazard, actor, photos, submission=None) -> list[dict]:
    stored = []
    for upload in photos or []:
        values = evidence_accept(upload, actor=actor, folder=f"hazards/{hazard.pk}")
        ev = HazardEvidence.objects.create(hazard=hazard, submission=submission, after=True, **values)
        stored.append({"id": ev.pk, "name": ev.original_name, "sha256": ev.sha256})
    return stored
