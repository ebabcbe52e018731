"""The hazard lifecycle and enforcement: every state change of these objects happens here.

Each service is keyword-only, runs in one transaction, locks the row it changes
(`select_for_update`) and compares the version the caller saw (compare-and-set), checks the
status against the transition table (hazards/choices.py) and who may act, and writes the
whole-process record (core.audit.audit_record) in the same transaction.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from core.audit import audit_record
from core.errors import ConcurrentChange, DomainError, NotPermitted, TransitionNotAllowed
from core.uploads import evidence_accept
from enterprises.scoping import enterprise_scope_q

from .choices import (
    ENTERPRISE,
    MAJOR_KINDS,
    OFFICIAL,
    SUPERVISOR,
    TRANSITIONS,
    BlacklistStatus,
    EnforcementKind,
    EnforcementStatus,
    HazardAction,
    HazardSource,
    HazardStatus,
    NoticeStep,
    PublicationKind,
    PublicReportStatus,
    RemovalApplicationStatus,
    SupervisionLevel,
)
from .models import (
    BlacklistEntry,
    BlacklistRemovalApplication,
    EnforcementAction,
    Hazard,
    HazardEvidence,
    HazardNotice,
    Publication,
    PublicReport,
    PublicReportPhoto,
    RectificationSubmission,
)

ACTING_ROLES = (OfficialRole.ADMIN, OfficialRole.INSPECTOR, OfficialRole.LEADER)
LEVEL_RANK = {"province": 1, "city": 2, "county": 3, "township": 4, "grid": 5}
CONCURRENT_MESSAGE = "已被他人修改，请刷新后重试。"


# ---------------------------------------------------------------------------------------------
# Who may act on a hazard
# ---------------------------------------------------------------------------------------------


def _official_in_scope(user, enterprise) -> bool:
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
    if _official_in_scope(user, hazard.enterprise):
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
    """Lock the row and compare the version the caller saw; a difference means someone else acted."""
    locked = Hazard.objects.select_for_update().select_related("enterprise").get(pk=hazard.pk)
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


# ---------------------------------------------------------------------------------------------
# The lifecycle
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def hazard_report(
    *,
    actor,
    enterprise,
    level: str,
    description: str,
    source: str,
    inspection=None,
    item=None,
    campaign=None,
    location: str = "",
    category: str = "",
) -> Hazard:
    """Record a new hazard in state `reported` (from an inspection item, a finding or a self-report)."""
    hazard = Hazard.objects.create(
        enterprise=enterprise,
        level=level,
        description=description,
        source=source,
        inspection=inspection,
        item=item,
        campaign=campaign or (inspection.campaign if inspection else None),
        location=location,
        category=category,
        status=HazardStatus.REPORTED,
        found_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        obj=hazard,
        action="report",
        to_state=HazardStatus.REPORTED,
        changes={"level": level, "source": source, "description": description},
    )
    return hazard


def hazard_from_inspection(
    *, actor, origin: str, inspection, level: str, description: str, item=None, location: str = ""
) -> Hazard:
    """A failing answer or a finding of a submitted inspection becomes a hazard (已上报): registered
    with inspections (inspections.hazard_hooks) by HazardsConfig.ready()."""
    source = HazardSource.INSPECTION if origin == "answer" else HazardSource.FINDING
    return hazard_report(
        actor=actor,
        enterprise=inspection.enterprise,
        level=level,
        description=description,
        source=source,
        inspection=inspection,
        item=item,
        campaign=inspection.campaign,
        location=location,
    )


@transaction.atomic
def hazard_self_report(*, actor, description: str, level: str, location: str = "", category: str = "") -> Hazard:
    """自查自报: an enterprise user records a hazard of their own enterprise outside an inspection."""
    if not getattr(actor, "is_enterprise_user", False):
        raise NotPermitted(_("只有企业用户可以自查自报隐患。"))
    return hazard_report(
        actor=actor,
        enterprise=actor.enterprise,
        level=level,
        description=description,
        source=HazardSource.SELF_REPORT,
        location=location,
        category=category,
    )


@transaction.atomic
def hazard_record_major_plan(
    *,
    hazard: Hazard,
    actor,
    responsibility: str,
    funds_planned: Decimal,
    contingency_plan: str,
    reported_to_department_on: datetime.date,
    reported_to_congress_on: datetime.date,
    expected_version: int | None = None,
) -> Hazard:
    """Record 五到位 (responsibility, funds, contingency plan; measures and deadline come with 五定)
    and 双报告 of a major hazard before it starts rectifying."""
    hazard = _lock(hazard, expected_version)
    if not actor_roles(hazard, actor).intersection({ENTERPRISE, OFFICIAL}):
        raise NotPermitted(_("您无权登记该隐患的五到位和双报告。"))
    if hazard.status == HazardStatus.CLOSED:
        raise TransitionNotAllowed(_("隐患已销号。"), extra={"allowed": []})
    if not (responsibility and contingency_plan and funds_planned is not None):
        raise DomainError(_("五到位须填写责任、资金和应急预案。"))
    if not (reported_to_department_on and reported_to_congress_on):
        raise DomainError(_("双报告须填写报告监管部门和职代会的日期。"))
    return _move(
        hazard,
        actor=actor,
        action="record_major_plan",
        to_state=None,
        fields={
            "responsibility": responsibility,
            "funds_planned": funds_planned,
            "contingency_plan": contingency_plan,
            "reported_to_department_on": reported_to_department_on,
            "reported_to_congress_on": reported_to_congress_on,
        },
    )


@transaction.atomic
def hazard_assign(
    *,
    hazard: Hazard,
    actor,
    responsible_person: str,
    measures: str,
    deadline: datetime.date,
    executor: str,
    acceptor: str,
    expected_version: int | None = None,
) -> Hazard:
    """五定: responsible person, measures, deadline, executor and acceptor; the hazard starts rectifying.

    A major hazard needs 五到位 and 双报告 recorded first (hazard_record_major_plan)."""
    hazard = _lock(hazard, expected_version)
    _guard(hazard, actor, HazardAction.ASSIGN)
    if not all([responsible_person, measures, deadline, executor, acceptor]):
        raise DomainError(_("五定须全部填写：责任人、措施、期限、执行人、验收人。"))
    if hazard.is_major and not hazard.major_plan_complete:
        raise DomainError(_("重大隐患须先落实五到位并完成双报告，才能开始整改。"), field="responsibility")
    return _move(
        hazard,
        actor=actor,
        action=HazardAction.ASSIGN,
        to_state=HazardStatus.RECTIFYING,
        fields={
            "responsible_person": responsible_person,
            "measures": measures,
            "deadline": deadline,
            "executor": executor,
            "acceptor": acceptor,
        },
    )


@transaction.atomic
def hazard_submit_rectification(
    *,
    hazard: Hazard,
    actor,
    description: str,
    photos,
    funds_spent: Decimal | None = None,
    expected_version: int | None = None,
) -> Hazard:
    """The enterprise reports the rectification done, with after-photos; it awaits acceptance."""
    hazard = _lock(hazard, expected_version)
    _guard(hazard, actor, HazardAction.SUBMIT)
    if not description:
        raise DomainError(_("请填写整改情况。"), field="description")
    if not photos:
        raise DomainError(_("请上传整改后的照片。"), field="photos")
    submission = RectificationSubmission.objects.create(
        hazard=hazard, description=description, funds_spent=funds_spent, submitted_by=actor
    )
    evidence = _store_photos(hazard=hazard, actor=actor, photos=photos, submission=submission)
    fields = {"funds_spent": (hazard.funds_spent or 0) + Decimal(str(funds_spent))} if funds_spent else {}
    return _move(
        hazard,
        actor=actor,
        action=HazardAction.SUBMIT,
        to_state=HazardStatus.AWAITING_ACCEPTANCE,
        fields=fields,
        reason=description,
        evidence=evidence,
    )


@transaction.atomic
def hazard_rectify_immediately(
    *,
    hazard: Hazard,
    actor,
    description: str,
    photos,
    acceptor: str = "",
    expected_version: int | None = None,
) -> Hazard:
    """立即整改: a general hazard fixed on the spot, with evidence; it still awaits acceptance."""
    hazard = _lock(hazard, expected_version)
    _guard(hazard, actor, HazardAction.RECTIFY_IMMEDIATELY)
    if not description or not photos:
        raise DomainError(_("立即整改须填写整改情况并上传整改后的照片。"), field="photos")
    submission = RectificationSubmission.objects.create(
        hazard=hazard, description=description, immediate=True, submitted_by=actor
    )
    evidence = _store_photos(hazard=hazard, actor=actor, photos=photos, submission=submission)
    return _move(
        hazard,
        actor=actor,
        action=HazardAction.RECTIFY_IMMEDIATELY,
        to_state=HazardStatus.AWAITING_ACCEPTANCE,
        fields={"rectified_immediately": True, "acceptor": acceptor or hazard.acceptor},
        reason=description,
        evidence=evidence,
    )


@transaction.atomic
def hazard_accept(*, hazard: Hazard, actor, note: str = "", expected_version: int | None = None) -> Hazard:
    """Acceptance (验收): the hazard is closed (销号). Major or listed: the supervising agency only."""
    hazard = _lock(hazard, expected_version)
    _guard(hazard, actor, HazardAction.ACCEPT)
    hazard = _move(
        hazard,
        actor=actor,
        action=HazardAction.ACCEPT,
        to_state=HazardStatus.CLOSED,
        fields={"closed_at": timezone.now()},
        reason=note,
    )
    _refresh_hazard_publications(hazard=hazard, actor=actor)
    return hazard


@transaction.atomic
def hazard_reject(*, hazard: Hazard, actor, reason: str, expected_version: int | None = None) -> Hazard:
    """Acceptance refused with a reason: the hazard goes back to rectifying."""
    hazard = _lock(hazard, expected_version)
    _guard(hazard, actor, HazardAction.REJECT)
    if not reason:
        raise DomainError(_("请填写验收不通过的理由。"), field="reason")
    return _move(
        hazard, actor=actor, action=HazardAction.REJECT, to_state=HazardStatus.RECTIFYING, fields={}, reason=reason
    )


@transaction.atomic
def hazard_list_for_supervision(
    *,
    hazard: Hazard,
    actor,
    level: str,
    doc_number: str,
    listed_on: datetime.date,
    expected_version: int | None = None,
) -> Hazard:
    """挂牌督办: an official lists a major hazard at their own level or a lower one (province/city/county)."""
    hazard = _lock(hazard, expected_version)
    if not hazard.is_major:
        raise DomainError(_("只有重大隐患可以挂牌督办。"), field="level")
    _guard(hazard, actor, HazardAction.LIST)
    if level not in SupervisionLevel.values:
        raise DomainError(_("挂牌级别须为省级、市级或县级。"), field="level")
    if not actor.is_superuser and LEVEL_RANK[actor.agency.level] > LEVEL_RANK[level]:
        raise NotPermitted(_("只能以本级或下级名义挂牌督办。"))
    if hazard.listed:
        raise TransitionNotAllowed(_("该隐患已挂牌督办。"), extra={"allowed": allowed_actions(hazard, actor)})
    if not doc_number or not listed_on:
        raise DomainError(_("请填写督办文号和挂牌日期。"), field="doc_number")
    return _move(
        hazard,
        actor=actor,
        action=HazardAction.LIST,
        to_state=None,
        fields={
            "listed_level": level,
            "listed_doc_number": doc_number,
            "listed_on": listed_on,
            "listed_by": actor.agency if getattr(actor, "agency_id", None) else None,
        },
    )


# ---------------------------------------------------------------------------------------------
# Overdue escalation
# ---------------------------------------------------------------------------------------------


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
    return True


# ---------------------------------------------------------------------------------------------
# Public reports (举报)
# ---------------------------------------------------------------------------------------------


def responsible_agency_for(region, industry):
    """The most specific agency whose region is the report's region or an ancestor and which
    supervises the industry (or comprehensively); an industry regulator wins a tie."""
    from accounts.models import Agency

    ancestors = [code for code in region.path.split("/") if code]
    candidates = (
        Agency.objects.filter(region__code__in=ancestors).select_related("region").prefetch_related("industries")
    )
    fitting = []
    for agency in candidates:
        ids = agency.industry_ids()
        if ids is None or industry.id in ids:
            fitting.append(agency)
    if not fitting:
        return None
    fitting.sort(key=lambda a: (-len(a.region.path), a.comprehensive, a.pk))
    return fitting[0]


def _tracking_number() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return timezone.localdate().strftime("%y%m%d") + "".join(secrets.choice(alphabet) for _ in range(6))


@transaction.atomic
def public_report_submit(
    *, description: str, location: str, region, industry, photo=None, enterprise_name: str = "", contact: str = ""
) -> PublicReport:
    """A member of the public reports a hazard; it is routed to the responsible agency."""
    if not description or not location:
        raise DomainError(_("请填写举报内容和地点。"), field="description")
    agency = responsible_agency_for(region, industry)
    report = PublicReport.objects.create(
        tracking_number=_tracking_number(),
        description=description,
        location=location,
        region=region,
        industry=industry,
        enterprise_name=enterprise_name,
        contact=contact,
        agency=agency,
    )
    evidence = []
    if photo is not None:
        values = evidence_accept(photo, actor=None, folder=f"public-reports/{report.pk}")
        ev = PublicReportPhoto.objects.create(report=report, **values)
        evidence.append({"id": ev.pk, "name": ev.original_name, "sha256": ev.sha256})
    audit_record(
        actor=None,
        obj=report,
        action="submit",
        to_state=PublicReportStatus.SUBMITTED,
        changes={"agency": agency.pk if agency else None, "region": region.code, "industry": industry.code},
        evidence=evidence,
    )
    return report


def _handle_guard(report: PublicReport, actor) -> PublicReport:
    locked = PublicReport.objects.select_for_update().get(pk=report.pk)
    if not (actor.is_superuser or (getattr(actor, "is_official", False) and actor.agency_id == locked.agency_id)):
        raise NotPermitted(_("只有受理部门可以核查该举报。"))
    if locked.status != PublicReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("该举报已处理。"), extra={"allowed": []})
    return locked


@transaction.atomic
def public_report_verify(*, report: PublicReport, actor, enterprise, level: str, note: str = "") -> Hazard:
    """The agency's official finds the report true: it becomes a hazard of an enterprise in scope."""
    report = _handle_guard(report, actor)
    if not _official_in_scope(actor, enterprise) and not actor.is_superuser:
        raise NotPermitted(_("该企业不在您的监管范围内。"))
    hazard = hazard_report(
        actor=actor,
        enterprise=enterprise,
        level=level,
        description=report.description,
        location=report.location,
        source=HazardSource.PUBLIC_REPORT,
    )
    for photo in report.photos.all():
        fields = {f.name: getattr(photo, f.name) for f in photo._meta.fields if f.name not in ("id", "report")}
        HazardEvidence.objects.create(hazard=hazard, after=False, **fields)
    report.status, report.hazard, report.handled_by = PublicReportStatus.VERIFIED, hazard, actor
    report.handled_at, report.reply = timezone.now(), note or _("经核查属实，已责令企业整改。")
    report.save(update_fields=["status", "hazard", "handled_by", "handled_at", "reply"])
    audit_record(
        actor=actor,
        obj=report,
        action="verify",
        from_state=PublicReportStatus.SUBMITTED,
        to_state=report.status,
        changes={"hazard": hazard.pk, "enterprise": enterprise.pk},
        reason=report.reply,
    )
    return hazard


@transaction.atomic
def public_report_dismiss(*, report: PublicReport, actor, reason: str) -> PublicReport:
    """The agency's official finds the report unfounded and says why (shown on the tracking page)."""
    report = _handle_guard(report, actor)
    if not reason:
        raise DomainError(_("请填写不予立案的理由。"), field="reason")
    report.status, report.handled_by, report.handled_at, report.reply = (
        PublicReportStatus.DISMISSED,
        actor,
        timezone.now(),
        reason,
    )
    report.save(update_fields=["status", "handled_by", "handled_at", "reply"])
    audit_record(
        actor=actor,
        obj=report,
        action="dismiss",
        from_state=PublicReportStatus.SUBMITTED,
        to_state=report.status,
        reason=reason,
    )
    return report


# ---------------------------------------------------------------------------------------------
# Enforcement actions and legal review (法制审核)
# ---------------------------------------------------------------------------------------------


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
    if not (actor.is_superuser or _official_in_scope(actor, enterprise)) or actor.role == OfficialRole.LEADER:
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
    return action


# ---------------------------------------------------------------------------------------------
# Blacklist (严重失信主体名单)
# ---------------------------------------------------------------------------------------------


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
    if official and not (actor is None or actor.is_superuser or _official_in_scope(actor, entry.enterprise)):
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
    if not (actor.is_superuser or _official_in_scope(actor, enterprise)) or actor.role == OfficialRole.LEADER:
        raise NotPermitted(_("只有辖区内的执法人员可以发起黑名单告知。"))
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


# ---------------------------------------------------------------------------------------------
# Publicity (曝光)
# ---------------------------------------------------------------------------------------------


def _hazard_summary(hazard: Hazard) -> str:
    return _("%(d)s（%(l)s，%(n)s，状态：%(s)s）") % {
        "d": hazard.description,
        "l": hazard.get_listed_level_display(),
        "n": hazard.listed_doc_number,
        "s": hazard.get_status_display(),
    }


def _refresh_hazard_publications(*, hazard: Hazard, actor) -> int:
    """Re-take the public snapshot of a published hazard after its status changed (e.g. 已销号).

    Called by the service that changed the hazard, inside its transaction.
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
        if not (hazard.is_major and hazard.listed) or not _official_in_scope(actor, hazard.enterprise):
            raise DomainError(_("只能公开本辖区挂牌督办的重大隐患。"))
        kind, enterprise = PublicationKind.MAJOR_HAZARD, hazard.enterprise
        summary = _hazard_summary(hazard)
    elif blacklist_entry is not None:
        if blacklist_entry.status != BlacklistStatus.LISTED or not _official_in_scope(
            actor, blacklist_entry.enterprise
        ):
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
        if not _official_in_scope(actor, enforcement_action.enterprise):
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
