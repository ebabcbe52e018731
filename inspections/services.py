"""Writes of inspections: planning, filling, submitting, reviewing, findings, evidence, look-backs.

Every status change goes through `_transition`, which locks the row, checks the state and
writes the audit entry in the same transaction. Hazards are created on submission, once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from core.uploads import evidence_accept

from .choices import AnswerResult, InspectionKind, InspectionMethod, InspectionStatus
from .hazard_hooks import report_hazard
from .models import (
    ExpertConflict,
    Finding,
    Inspection,
    InspectionAnswer,
    InspectionEvidence,
    LookBackCheck,
    PersonMet,
    SelfInspectionReminder,
)
from .selectors import applicable_items, missing_items, repeat_visit_warnings

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


# --- filling ---------------------------------------------------------------------------------


def _clean_answer(item, data: dict) -> dict:
    result = data.get("result") or ""
    if result and result not in AnswerResult.values:
        raise DomainError(_("第 %(n)s 项的结果无效。") % {"n": item.number}, field="answers")
    number = data.get("number_value")
    if number in ("", None):
        number = None
    else:
        try:
            number = Decimal(str(number))
        except InvalidOperation as exc:
            raise DomainError(_("第 %(n)s 项的数值无效。") % {"n": item.number}, field="answers") from exc
    return {
        "result": result,
        "number_value": number,
        "text_value": (data.get("text_value") or "").strip(),
        "note": (data.get("note") or "").strip(),
    }


@transaction.atomic
def inspection_save_answers(*, actor, inspection: Inspection, answers: list[dict]) -> Inspection:
    """Save (a draft of) answers: a list of {item, result, number_value, text_value, note}.

    Answers are stored server-side, so a draft started on one device resumes on another.
    The first save starts a planned inspection."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    items = {i.id: i for i in applicable_items(inspection)}
    changed = []
    for data in answers:
        item_id = int(data.get("item") or 0)
        item = items.get(item_id)
        if item is None:
            raise DomainError(_("检查项 %(i)s 不属于此检查表。") % {"i": item_id}, field="answers")
        values = _clean_answer(item, data)
        answer, created = InspectionAnswer.objects.get_or_create(inspection=inspection, item=item, defaults=values)
        if not created and any(getattr(answer, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(answer, k, v)
            answer.save()
            changed.append(item_id)
        elif created:
            changed.append(item_id)
    _start_if_planned(inspection, actor=actor)
    if changed:
        audit_record(actor=actor, obj=inspection, action="save_answers", changes={"items": changed})
    return inspection


@transaction.atomic
def finding_add(
    *, actor, inspection: Inspection, description: str, level: str = "general", location: str = ""
) -> Finding:
    """Record a problem found on site that is not on the checklist (表外问题)."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    if not description.strip():
        raise DomainError(_("请填写问题描述。"), field="description")
    finding = Finding.objects.create(
        inspection=inspection, description=description.strip(), level=level, location=location, created_by=actor
    )
    _start_if_planned(inspection, actor=actor)
    audit_record(actor=actor, obj=inspection, action="add_finding", changes={"finding": finding.pk, "level": level})
    return finding


@transaction.atomic
def person_met_add(*, actor, inspection: Inspection, name: str, post: str = "", phone: str = "") -> PersonMet:
    """Record an enterprise person met on site (负责人、安全管理人员等)."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    if not name.strip():
        raise DomainError(_("请填写姓名。"), field="name")
    person = PersonMet.objects.create(inspection=inspection, name=name.strip(), post=post.strip(), phone=phone.strip())
    audit_record(actor=actor, obj=inspection, action="add_person_met", changes={"name": person.name, "post": post})
    return person


@transaction.atomic
def inspection_add_evidence(*, actor, inspection: Inspection, upload, item=None, note: str = "") -> InspectionEvidence:
    """Attach a checked photo or PDF (core.uploads) to the inspection, optionally to one item."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    if item is not None and item.template_id != inspection.template_id:
        raise DomainError(_("检查项不属于此检查表。"), field="item")
    values = evidence_accept(upload, actor=actor, folder=f"inspections/{inspection.pk}")
    evidence = InspectionEvidence.objects.create(inspection=inspection, item=item, note=note, **values)
    audit_record(
        actor=actor,
        obj=inspection,
        action="add_evidence",
        evidence=[{"id": evidence.pk, "sha256": evidence.sha256, "name": evidence.original_name}],
    )
    return evidence


# --- submit and review -----------------------------------------------------------------------


def _hazard_text(item, answer) -> str:
    text = f"{item.number} {item.text}".strip()
    return f"{text}（{answer.note}）" if answer.note else text


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
    hazards = []
    for answer in inspection.answers.filter(result=AnswerResult.NON_COMPLIANT, item_id__in=list(items)):
        item = items[answer.item_id]
        hazards.append(
            report_hazard(
                actor=actor,
                origin="answer",
                inspection=inspection,
                level=item.implied_hazard_level,
                description=_hazard_text(item, answer),
                item=item,
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


# --- look-back -------------------------------------------------------------------------------


@transaction.atomic
def inspection_create_look_back(
    *,
    actor,
    previous: Inspection,
    inspectors: list,
    planned_start: date | None = None,
    planned_end: date | None = None,
    method: str = InspectionMethod.PLANNED,
) -> Inspection:
    """A look-back (回头看) of an earlier submitted inspection: one check per hazard it found,
    with the hazard's state now; the inspector confirms each rectified or not."""
    _ensure_visible(actor, previous)
    previous = Inspection.objects.get(pk=previous.pk)
    if previous.status not in (InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED):
        raise DomainError(_("只能对已提交的检查开展回头看。"), field="previous")
    inspection = inspection_plan(
        actor=actor,
        campaign=previous.campaign,
        enterprise=previous.enterprise,
        kind=InspectionKind.LOOK_BACK,
        method=method,
        inspectors=inspectors,
        planned_start=planned_start,
        planned_end=planned_end,
        previous=previous,
    )
    for hazard in previous.hazards.order_by("id"):
        LookBackCheck.objects.create(inspection=inspection, hazard=hazard, status_at_creation=hazard.status)
    return inspection


@transaction.atomic
def look_back_confirm(*, actor, check: LookBackCheck, rectified: bool, note: str = "") -> LookBackCheck:
    """Confirm one earlier hazard rectified or not; not rectified → a finding of the look-back
    (a new hazard on submission), linked to the check."""
    inspection = check.inspection
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    check = LookBackCheck.objects.select_for_update().get(pk=check.pk)
    check.rectified, check.note, check.checked_by, check.checked_at = rectified, note, actor, timezone.now()
    check.save(update_fields=["rectified", "note", "checked_by", "checked_at"])
    existing = Finding.objects.filter(look_back_check=check).first()
    if not rectified and existing is None:
        Finding.objects.create(
            inspection=inspection,
            description=_("回头看：原隐患未整改到位——%(d)s") % {"d": check.hazard.description}
            + (f"（{note}）" if note else ""),
            level=check.hazard.level,
            location=check.hazard.location,
            look_back_check=check,
            created_by=actor,
        )
    elif rectified and existing is not None and existing.hazard_id is None:
        existing.delete()
    _start_if_planned(inspection, actor=actor)
    audit_record(
        actor=actor,
        obj=inspection,
        action="look_back_confirm",
        changes={"hazard": check.hazard_id, "rectified": rectified},
    )
    return check


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


# --- overdue self-inspections ---------------------------------------------------------------


def self_inspections_overdue(*, today: date):
    """Self-inspections whose deadline has passed and that are not submitted."""
    return Inspection.objects.filter(
        kind=InspectionKind.SELF,
        status__in=(InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS),
        planned_end__lt=today,
    )


@transaction.atomic
def self_inspections_remind_overdue(*, today: date | None = None) -> int:
    """Record one reminder (催办) per overdue, unsubmitted self-inspection for `today`; the unique
    (inspection, day) constraint makes a second run that day create nothing. Returns how many
    reminders this run created."""
    today = today or timezone.localdate()
    ids = list(self_inspections_overdue(today=today).order_by("id").values_list("id", flat=True))
    if not ids:
        return 0
    # INSERT ... ON CONFLICT DO NOTHING RETURNING: concurrent runs cannot create a reminder twice,
    # and each run counts exactly the rows it added.
    table = SelfInspectionReminder._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (inspection_id, day, created_at) "
            "SELECT unnest(%s::bigint[]), %s, now() ON CONFLICT DO NOTHING RETURNING id",
            [ids, today],
        )
        return len(cursor.fetchall())
