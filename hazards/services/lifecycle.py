"""The hazard lifecycle: report, 五定/五到位, rectification, acceptance (销号), rejection, 挂牌督办.

Every service is keyword-only and runs in one transaction through the guarded change of
hazards.services.access. Closing a hazard also runs the hooks the apps above registered
(hazards.hooks), inside the same transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from core.uploads import EvidenceFile

from .. import hooks
from ..choices import ENTERPRISE, OFFICIAL, HazardAction, HazardSource, HazardStatus, SupervisionLevel
from ..models import Hazard, HazardEvidence, RectificationSubmission
from .access import LEVEL_RANK, _guard, _lock, _move, _store_photos, actor_roles, allowed_actions
from .notifications import notify_rectification_decided, notify_rectification_submitted


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


#: The stored-file fields every evidence row shares (core.uploads.EvidenceFile).
_EVIDENCE_FIELDS = [f.attname for f in EvidenceFile._meta.concrete_fields]


def hazard_from_inspection(
    *, actor, origin: str, inspection, level: str, description: str, item=None, location: str = "", photos=()
) -> Hazard:
    """A failing answer or a finding of a submitted inspection becomes a hazard (已上报): registered
    with inspections (inspections.hazard_hooks) by HazardsConfig.ready(). The photos taken of the
    item on site become the hazard's 整改前 photos: the same stored file (evidence is never
    rewritten or deleted), so its fingerprint, EXIF time and place stay those of the original."""
    source = HazardSource.INSPECTION if origin == "answer" else HazardSource.FINDING
    hazard = hazard_report(
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
    for photo in photos:
        HazardEvidence.objects.create(
            hazard=hazard, after=False, **{name: getattr(photo, name) for name in _EVIDENCE_FIELDS}
        )
    return hazard


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
    hazard = _move(
        hazard,
        actor=actor,
        action=HazardAction.SUBMIT,
        to_state=HazardStatus.AWAITING_ACCEPTANCE,
        fields=fields,
        reason=description,
        evidence=evidence,
    )
    notify_rectification_submitted(hazard=hazard, actor=actor)
    return hazard


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
    hazard = _move(
        hazard,
        actor=actor,
        action=HazardAction.RECTIFY_IMMEDIATELY,
        to_state=HazardStatus.AWAITING_ACCEPTANCE,
        fields={"rectified_immediately": True, "acceptor": acceptor or hazard.acceptor},
        reason=description,
        evidence=evidence,
    )
    notify_rectification_submitted(hazard=hazard, actor=actor)
    return hazard


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
    hooks.hazard_closed(hazard=hazard, actor=actor)
    notify_rectification_decided(hazard=hazard, actor=actor, accepted=True)
    return hazard


@transaction.atomic
def hazard_reject(*, hazard: Hazard, actor, reason: str, expected_version: int | None = None) -> Hazard:
    """Acceptance refused with a reason: the hazard goes back to rectifying."""
    hazard = _lock(hazard, expected_version)
    _guard(hazard, actor, HazardAction.REJECT)
    if not reason:
        raise DomainError(_("请填写验收不通过的理由。"), field="reason")
    hazard = _move(
        hazard, actor=actor, action=HazardAction.REJECT, to_state=HazardStatus.RECTIFYING, fields={}, reason=reason
    )
    notify_rectification_decided(hazard=hazard, actor=actor, accepted=False, reason=reason)
    return hazard


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
