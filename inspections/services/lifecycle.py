"""The inspection's status machine (planned → in progress → submitted → reviewed), who may fill
it, submission with its completeness checks and the hazards it creates, and review."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed

from ..choices import AnswerResult, InspectionKind, InspectionStatus
from ..hazard_hooks import report_hazard
from ..models import (
    Inspection,
)
from ..selectors import applicable_items, missing_items
from .answer_hazards import hazard_description, hazard_location, photos_by_item

INTERVIEW_TEMPLATE_CODE = "seed000-head-interview"

TRANSITIONS = {
    InspectionStatus.PLANNED: {InspectionStatus.IN_PROGRESS},
    InspectionStatus.IN_PROGRESS: {InspectionStatus.SUBMITTED},
    InspectionStatus.SUBMITTED: {InspectionStatus.REVIEWED},
    InspectionStatus.REVIEWED: set(),
}


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


def _transition(inspection: Inspection, *, actor, to: str, action: str, reason: str = "", **fields) -> None:
    """Move a locked inspection to `to` (guarded by TRANSITIONS) and record it."""
    current = inspection.status
    if to not in TRANSITIONS[current]:
        raise TransitionNotAllowed(
            _("检查当前状态为「%(s)s」，不能执行此操作。") % {"s": inspection.get_status_display()},
            extra={"allowed": sorted(TRANSITIONS[current])},
        )
    inspection.status = to
    for key, value in fields.items():
        setattr(inspection, key, value)
    inspection.save(update_fields=["status", *fields.keys()])
    audit_record(actor=actor, obj=inspection, action=action, from_state=current, to_state=to, reason=reason)


def _ensure_visible(actor, inspection: Inspection) -> None:
    if not Inspection.objects.visible_to(actor).filter(pk=inspection.pk).exists():
        raise NotPermitted(_("您无权访问此检查。"))


def can_fill(actor, inspection: Inspection) -> bool:
    """Self-inspections are filled by the enterprise's users; other kinds by their inspectors, the
    group's members or the inspecting agency's inspectors."""
    if inspection.kind == InspectionKind.SELF:
        return bool(getattr(actor, "is_enterprise_user", False)) and actor.enterprise_id == inspection.enterprise_id
    if getattr(actor, "is_enterprise_user", False):
        return False
    if inspection.inspectors.filter(pk=actor.pk).exists():
        return True
    if inspection.group_id and inspection.group.members.filter(user=actor).exists():
        return True
    return (
        getattr(actor, "is_official", False)
        and actor.agency_id == inspection.agency_id
        and actor.role in (OfficialRole.ADMIN, OfficialRole.INSPECTOR, OfficialRole.LEADER)
    )


def _ensure_can_fill(actor, inspection: Inspection) -> None:
    _ensure_visible(actor, inspection)
    if not can_fill(actor, inspection):
        raise NotPermitted(_("您不是此检查的检查人员，不能填写。"))


def _ensure_editable(inspection: Inspection) -> None:
    if inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS):
        raise TransitionNotAllowed(_("检查已提交，不能再修改。"))


def _start_if_planned(inspection: Inspection, *, actor) -> None:
    if inspection.status == InspectionStatus.PLANNED:
        _transition(
            inspection, actor=actor, to=InspectionStatus.IN_PROGRESS, action="start", actual_start=timezone.now()
        )


# --- submit and review -----------------------------------------------------------------------


@transaction.atomic
def inspection_submit(*, actor, inspection: Inspection, conclusion: str | None = None) -> Inspection:
    """Submit a complete inspection: refused with the missing items while incomplete. Every
    non-compliant answer and every finding becomes a hazard (state 已上报), exactly once."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    if conclusion is not None:
        inspection.conclusion = conclusion.strip()
    _start_if_planned(inspection, actor=actor)
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise TransitionNotAllowed(_("检查已提交，不能重复提交。"))
    missing = missing_items(inspection)
    if missing:
        groups: dict[str, list[str]] = {}
        for i in missing:
            groups.setdefault(i.section.title, []).append(i.number or str(i.pk))
        listed = "；".join(_("「%(s)s」第 %(n)s 项") % {"s": t, "n": "、".join(ns)} for t, ns in groups.items())
        raise DomainError(
            _("还有 %(c)d 项未填写完整（须拍照的项须附照片），不能提交：%(l)s。") % {"c": len(missing), "l": listed},
            field="answers",
            extra={"missing_items": [i.pk for i in missing]},
        )
    pending = inspection.look_back_checks.filter(rectified__isnull=True).count()
    if pending:
        raise DomainError(_("还有 %(c)d 条隐患未核查整改情况。") % {"c": pending}, field="look_back_checks")
    if inspection.kind == InspectionKind.INTERVIEW and not inspection.interviewee_name:
        raise DomainError(_("请填写谈话对象的姓名和职务。"), field="interviewee_name")
    if inspection.kind != InspectionKind.SELF and not inspection.conclusion:
        raise DomainError(_("请填写检查结论。"), field="conclusion")
    items = {i.id: i for i in applicable_items(inspection)}
    photos = photos_by_item(inspection)
    hazards = []
    for answer in inspection.answers.filter(result=AnswerResult.NON_COMPLIANT, item_id__in=list(items)):
        item = items[answer.item_id]
        item_photos = photos.get(item.id, [])
        hazards.append(
            report_hazard(
                actor=actor,
                origin="answer",
                inspection=inspection,
                level=item.implied_hazard_level,
                description=hazard_description(item, answer),
                item=item,
                location=hazard_location(item, item_photos),
                photos=item_photos,
            )
        )
    for finding in inspection.findings.filter(hazard__isnull=True):
        finding.hazard = report_hazard(
            actor=actor,
            origin="finding",
            inspection=inspection,
            level=finding.level,
            description=finding.description,
            location=finding.location,
        )
        finding.save(update_fields=["hazard"])
        hazards.append(finding.hazard)
    inspection.save(update_fields=["conclusion"])
    _transition(
        inspection,
        actor=actor,
        to=InspectionStatus.SUBMITTED,
        action="submit",
        submitted_at=timezone.now(),
        actual_end=timezone.now(),
    )
    inspection.new_hazards = hazards
    return inspection


@transaction.atomic
def inspection_review(*, actor, inspection: Inspection, note: str = "") -> Inspection:
    """A leader (or admin) of the jurisdiction reviews a submitted inspection."""
    _ensure_visible(actor, inspection)
    if not (
        actor.is_superuser
        or (getattr(actor, "is_official", False) and actor.role in (OfficialRole.LEADER, OfficialRole.ADMIN))
    ):
        raise NotPermitted(_("只有部门负责人可以审核检查。"))
    inspection = _lock(inspection)
    _transition(
        inspection,
        actor=actor,
        to=InspectionStatus.REVIEWED,
        action="review",
        reason=note,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_note=note,
    )
    return inspection
