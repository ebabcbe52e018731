"""Public reports (举报): submission routed to the responsible agency, verification into a hazard, dismissal.

The captcha and the rate limit guarding the no-login page and API live in hazards/public.py.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from core.uploads import evidence_accept

from ..choices import HazardSource, PublicReportStatus
from ..models import Hazard, HazardEvidence, PublicReport, PublicReportPhoto
from .access import official_in_scope
from .lifecycle import hazard_report


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
    if not official_in_scope(actor, enterprise) and not actor.is_superuser:
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
