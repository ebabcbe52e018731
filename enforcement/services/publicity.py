"""Publicity (曝光): an agency publishes a listed major hazard, a listed blacklist entry or an effective
closure to the public disclosure page, withdraws it, and the snapshot of a published hazard follows
the hazard (refresh_hazard_publications, registered with hazards.hooks by EnforcementConfig.ready()).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from hazards.models import Hazard
from hazards.services import ACTING_ROLES, official_in_scope

from ..choices import BlacklistStatus, EnforcementKind, PublicationKind
from ..models import Publication


def _hazard_summary(hazard: Hazard) -> str:
    return _("%(d)s（%(l)s，%(n)s，状态：%(s)s）") % {
        "d": hazard.description,
        "l": hazard.get_listed_level_display(),
        "n": hazard.listed_doc_number,
        "s": hazard.get_status_display(),
    }


def refresh_hazard_publications(*, hazard: Hazard, actor) -> int:
    """Re-take the public snapshot of a published hazard after its status changed (e.g. 已销号).

    Called through hazards.hooks by the service that changed the hazard, inside its transaction.
    """
    count = 0
    summary = _hazard_summary(hazard)
    for publication in Publication.objects.select_for_update().filter(hazard=hazard, withdrawn=False):
        if publication.summary == summary:
            continue
        old, publication.summary = publication.summary, summary
        publication.save(update_fields=["summary"])
        audit_record(
            actor=actor,
            obj=publication,
            action="refresh",
            changes={"summary": {"from": old, "to": summary}},
            reason=_("隐患状态变更：%(s)s") % {"s": hazard.get_status_display()},
        )
        count += 1
    return count


@transaction.atomic
def publication_publish(*, actor, hazard=None, blacklist_entry=None, enforcement_action=None) -> Publication:
    """An agency publishes one entry: a listed major hazard, a listed blacklist entry, or an effective closure."""
    if not (
        getattr(actor, "is_official", False)
        and actor.role in (OfficialRole.ADMIN, OfficialRole.LEADER, OfficialRole.INSPECTOR)
    ):
        raise NotPermitted(_("只有监管部门可以发布曝光信息。"))
    if hazard is not None:
        if not (hazard.is_major and hazard.listed) or not official_in_scope(actor, hazard.enterprise):
            raise DomainError(_("只能公开本辖区挂牌督办的重大隐患。"))
        kind, enterprise = PublicationKind.MAJOR_HAZARD, hazard.enterprise
        summary = _hazard_summary(hazard)
    elif blacklist_entry is not None:
        if blacklist_entry.status != BlacklistStatus.LISTED or not official_in_scope(actor, blacklist_entry.enterprise):
            raise DomainError(_("只能公开本辖区已列入黑名单的企业。"))
        kind, enterprise = PublicationKind.BLACKLIST, blacklist_entry.enterprise
        summary = _("列入事由：%(r)s；依据：%(b)s；期限至 %(t)s") % {
            "r": blacklist_entry.reason,
            "b": blacklist_entry.legal_basis,
            "t": blacklist_entry.term_until,
        }
    elif enforcement_action is not None:
        if enforcement_action.kind != EnforcementKind.CLOSURE or not enforcement_action.effective:
            raise DomainError(_("只能公开已生效的关闭取缔决定。"))
        if not official_in_scope(actor, enforcement_action.enterprise):
            raise DomainError(_("只能公开本辖区的执法决定。"))
        kind, enterprise = PublicationKind.CLOSURE, enforcement_action.enterprise
        summary = _("%(d)s（%(n)s）") % {"d": enforcement_action.description, "n": enforcement_action.doc_number}
    else:
        raise DomainError(_("请选择要公开的内容。"))
    publication = Publication.objects.create(
        agency=actor.agency,
        kind=kind,
        enterprise_name=enterprise.name,
        summary=summary,
        hazard=hazard,
        blacklist_entry=blacklist_entry,
        enforcement_action=enforcement_action,
        published_by=actor,
    )
    audit_record(actor=actor, obj=publication, action="publish", changes={"kind": kind, "summary": summary})
    return publication


@transaction.atomic
def publication_withdraw(*, actor, publication: Publication, reason: str) -> Publication:
    """撤回曝光: an official of the publishing agency takes an entry off the public page, with a reason."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not (
        getattr(actor, "is_superuser", False)
        or (
            getattr(actor, "is_official", False)
            and actor.role in ACTING_ROLES
            and actor.agency_id == publication.agency_id
        )
    ):
        raise NotPermitted(_("只有发布部门的监管人员可以撤回曝光信息。"))
    if publication.withdrawn:
        raise TransitionNotAllowed(_("该曝光信息已撤回。"), extra={"allowed": []})
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写撤回理由。"), field="reason")
    publication.withdrawn, publication.withdrawn_at = True, timezone.now()
    publication.withdrawn_by, publication.withdraw_reason = actor, reason
    publication.save(update_fields=["withdrawn", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit_record(
        actor=actor, obj=publication, action="withdraw", from_state="published", to_state="withdrawn", reason=reason
    )
    return publication
