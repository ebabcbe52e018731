"""Planning inspections: inspectors with valid 执法证, experts without conflicts, the enterprise
in scope, the document number; asking enterprises for self-inspections; editing and starting."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError, NotPermitted

from ..choices import InspectionKind, InspectionMethod, InspectionStatus
from ..models import (
    ExpertConflict,
    Inspection,
)
from ..selectors import repeat_visit_warnings
from .lifecycle import INTERVIEW_TEMPLATE_CODE, _ensure_can_fill, _ensure_editable, _lock, _transition

# --- planning --------------------------------------------------------------------------------


def _check_inspectors(*, kind: str, enterprise, inspectors: list, on: date) -> None:
    """执法检查 needs at least two inspectors holding a valid 执法证; experts with a declared
    conflict (回避) with the enterprise may not inspect it."""
    conflicted = set(
        ExpertConflict.objects.active()
        .filter(enterprise=enterprise, expert__in=[u.pk for u in inspectors])
        .values_list("expert_id", flat=True)
    )
    if conflicted:
        names = "、".join(str(u) for u in inspectors if u.pk in conflicted)
        raise DomainError(
            _("%(n)s 已声明与该企业存在利害关系，应当回避，不能参加此检查。") % {"n": names}, field="inspectors"
        )
    if kind == InspectionKind.ENFORCEMENT:
        valid = [u for u in inspectors if u.has_valid_enforcement_cert(on=on)]
        if len(valid) < 2:
            lacking = [str(u) for u in inspectors if not u.has_valid_enforcement_cert(on=on)]
            detail = (_("未持有效执法证：%(n)s。") % {"n": "、".join(lacking)}) if lacking else ""
            raise DomainError(
                _("执法检查须由两名以上持有效执法证的执法人员实施（《行政处罚法》），当前只有 %(c)d 名。")
                % {"c": len(valid)}
                + detail,
                field="inspectors",
            )


def _check_inspectors_allowed(*, actor, inspectors: list) -> None:
    """Inspectors are officials of the actor's jurisdiction or outside experts, never enterprise users."""
    from enterprises.scoping import region_within_jurisdiction

    if not inspectors:
        raise DomainError(_("请至少选择一名检查人员。"), field="inspectors")
    for user in inspectors:
        if user.is_expert:
            continue
        if not user.is_official or not region_within_jurisdiction(actor, user.agency.region):
            raise DomainError(_("%(u)s 不是本辖区的检查人员。") % {"u": user}, field="inspectors")


def _check_enterprise_in_scope(*, actor, campaign, enterprise) -> None:
    if campaign is None:
        from enterprises.models import Enterprise

        ok = Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists()
    else:
        ok = campaign.enterprises_in_scope(user=actor).filter(pk=enterprise.pk).exists()
    if not ok:
        raise DomainError(_("企业「%(e)s」不在该专项行动范围或您的辖区内。") % {"e": enterprise}, field="enterprise")


@transaction.atomic
def inspection_plan(
    *,
    actor,
    campaign,
    enterprise,
    kind: str,
    method: str = InspectionMethod.PLANNED,
    inspectors: list,
    planned_start: date | None = None,
    planned_end: date | None = None,
    template=None,
    group=None,
    interviewee_name: str = "",
    interviewee_post: str = "",
    previous=None,
    draw=None,
    check_scope: bool = True,
) -> Inspection:
    """Plan one official inspection of an enterprise in the campaign's scope and the actor's
    jurisdiction. Refuses enforcement checks without two certified inspectors and conflicted
    experts. The returned inspection carries `warnings`: earlier visits by other agencies."""
    if not getattr(actor, "is_official", False) and not actor.is_superuser:
        raise NotPermitted(_("只有监管部门人员可以安排检查。"))
    if kind == InspectionKind.SELF:
        raise DomainError(_("企业自查请通过“布置企业自查”安排。"), field="kind")
    if check_scope:
        _check_enterprise_in_scope(actor=actor, campaign=campaign, enterprise=enterprise)
    if planned_start and planned_end and planned_end < planned_start:
        raise DomainError(_("计划结束日期不能早于开始日期。"), field="planned_end")
    if kind == InspectionKind.PATROL and planned_start and planned_end and campaign is not None:
        days = (planned_end - planned_start).days + 1
        if not campaign.visit_days_min <= days <= campaign.visit_days_max:
            raise DomainError(
                _("巡查在企业的时间应为 %(a)d–%(b)d 天，当前为 %(d)d 天。")
                % {"a": campaign.visit_days_min, "b": campaign.visit_days_max, "d": days},
                field="planned_end",
            )
    inspectors = list(inspectors)
    _check_inspectors_allowed(actor=actor, inspectors=inspectors)
    _check_inspectors(kind=kind, enterprise=enterprise, inspectors=inspectors, on=planned_start or timezone.localdate())
    if kind == InspectionKind.INTERVIEW and template is None:
        from checklists.models import ChecklistTemplate

        template = ChecklistTemplate.objects.filter(code=INTERVIEW_TEMPLATE_CODE).order_by("-version").first()
    if template is None and campaign is not None and kind != InspectionKind.LOOK_BACK:
        template = campaign.checklists.exclude(kind="interview").order_by("id").first()
    agency = actor.agency if getattr(actor, "agency_id", None) else None
    warnings = repeat_visit_warnings(enterprise=enterprise, campaign=campaign, agency=agency)
    inspection = Inspection.objects.create(
        campaign=campaign,
        enterprise=enterprise,
        kind=kind,
        method=method,
        template=template,
        agency=agency,
        group=group,
        planned_start=planned_start,
        planned_end=planned_end,
        interviewee_name=interviewee_name,
        interviewee_post=interviewee_post,
        previous=previous,
        draw=draw,
        created_by=actor,
    )
    inspection.inspectors.set(inspectors)
    inspection.doc_number = _doc_number(inspection)
    inspection.save(update_fields=["doc_number"])
    audit_record(
        actor=actor,
        obj=inspection,
        action="plan",
        to_state=InspectionStatus.PLANNED,
        changes={
            "kind": kind,
            "method": method,
            "enterprise": enterprise.pk,
            "inspectors": [u.pk for u in inspectors],
            "repeat_visit_warnings": [w.pk for w in warnings],
        },
    )
    inspection.warnings = warnings
    return inspection


def _doc_number(inspection: Inspection) -> str:
    year = (inspection.planned_start or timezone.localdate()).year
    prefix = {"self": "自查", "interview": "谈话", "look_back": "回查"}.get(inspection.kind, "检查")
    return f"{prefix}〔{year}〕{inspection.pk:05d}号"


@transaction.atomic
def inspection_request_self(*, actor, campaign, template, deadline: date | None, enterprises=None) -> list[Inspection]:
    """Ask the enterprises in the campaign's scope (or the given ones) to inspect themselves against
    a checklist by a deadline. Enterprises that already have one for this campaign are skipped."""
    if not getattr(actor, "is_official", False) and not actor.is_superuser:
        raise NotPermitted(_("只有监管部门人员可以布置企业自查。"))
    scope = campaign.enterprises_in_scope(user=actor)
    if enterprises is not None:
        scope = scope.filter(pk__in=[e.pk for e in enterprises])
    existing = set(
        Inspection.objects.filter(campaign=campaign, kind=InspectionKind.SELF).values_list("enterprise_id", flat=True)
    )
    created = []
    for enterprise in scope.order_by("id"):
        if enterprise.pk in existing:
            continue
        inspection = Inspection.objects.create(
            campaign=campaign,
            enterprise=enterprise,
            kind=InspectionKind.SELF,
            method=InspectionMethod.PLANNED,
            template=template,
            agency=actor.agency if getattr(actor, "agency_id", None) else None,
            planned_start=timezone.localdate(),
            planned_end=deadline,
            created_by=actor,
        )
        inspection.doc_number = _doc_number(inspection)
        inspection.save(update_fields=["doc_number"])
        audit_record(actor=actor, obj=inspection, action="request_self", to_state=InspectionStatus.PLANNED)
        created.append(inspection)
    return created


@transaction.atomic
def inspection_update(*, actor, inspection: Inspection, **fields) -> Inspection:
    """Change the editable header fields (dates, conclusion, interviewee) of an open inspection."""
    allowed = {"planned_start", "planned_end", "conclusion", "interviewee_name", "interviewee_post"}
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(_("这些字段不能修改：%(f)s") % {"f": "、".join(sorted(unknown))})
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    changes = {}
    for key, value in fields.items():
        if getattr(inspection, key) != value:
            changes[key] = {"from": getattr(inspection, key), "to": value}
            setattr(inspection, key, value)
    if inspection.planned_start and inspection.planned_end and inspection.planned_end < inspection.planned_start:
        raise DomainError(_("计划结束日期不能早于开始日期。"), field="planned_end")
    if changes:
        inspection.save(update_fields=list(changes))
        audit_record(actor=actor, obj=inspection, action="update", changes=changes)
    return inspection


@transaction.atomic
def inspection_start(*, actor, inspection: Inspection) -> Inspection:
    """Start on site: planned → in progress (an unannounced inspection becomes visible to the enterprise)."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _transition(inspection, actor=actor, to=InspectionStatus.IN_PROGRESS, action="start", actual_start=timezone.now())
    return inspection
