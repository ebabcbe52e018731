"""Writes of statistics reports (逐级上报): generate a unit's draft, submit it (frozen snapshot with
its SHA-256 and the Excel file, attached to the unit's 报送), return it (退回, with a reason) or
accept it at the upper level, and generate every unit's draft on the requirement's due day (with
its 工作进展情况 .docx draft on the unit's 报送).
Every step is in the audit history."""

from __future__ import annotations

import calendar

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OfficialRole
from campaigns.choices import Recurrence, StatForm
from campaigns.models import Campaign, ReportRequirement, Submission
from campaigns.services import submission_submit
from core.audit import audit_record
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from core.models import Region
from enterprises.scoping import region_within_jurisdiction

from .models import StatReport, StatReportStatus, StatReportVersion
from .notifications import notify_report_returned
from .progress import progress_report_data
from .renderers.docx import render_progress_docx
from .renderers.xlsx import render_form_xlsx
from .selectors import composed_form, digest, report_scope, unit_agency
from .statistics.scope import period_bounds

REPORTING_ROLES = (OfficialRole.ADMIN, OfficialRole.INSPECTOR, OfficialRole.LEADER)


def _check_form(form: str) -> None:
    if form not in StatForm.values:
        raise DomainError(_("报表「%(f)s」不存在，可选：seed004、national。") % {"f": form}, field="form")


def _check_unit_region(*, actor, campaign: Campaign, region: Region) -> None:
    if not region.path.startswith(campaign.region_path):
        raise DomainError(
            _("%(r)s不在专项行动「%(c)s」的范围内。") % {"r": region.name, "c": campaign.title}, field="region"
        )
    if actor is not None and not region_within_jurisdiction(actor, region):
        raise NotPermitted(_("只能生成本辖区单位的统计报表。"))


@transaction.atomic
def stat_report_generate(
    *, actor, campaign: Campaign, region: Region, period: str, form: str, submission: Submission | None = None
) -> tuple[StatReport, bool]:
    """A unit's draft report (its figures stay live until submitted); idempotent: the existing
    report of the same campaign, form, unit and period is returned (created=False)."""
    _check_form(form)
    _check_unit_region(actor=actor, campaign=campaign, region=region)
    start, end = period_bounds(period, campaign=campaign)
    agency = unit_agency(region)
    if agency is None:
        raise DomainError(_("%(r)s没有填报单位（综合监管部门）。") % {"r": region.name}, field="region")
    existing = StatReport.objects.filter(campaign=campaign, form=form, region=region, period=period).first()
    if existing is not None:
        if submission is not None and existing.submission_id is None:
            existing.submission = submission
            existing.save(update_fields=["submission"])
        return existing, False
    try:
        with transaction.atomic():
            report = StatReport.objects.create(
                campaign=campaign,
                form=form,
                region=region,
                agency=agency,
                period=period,
                period_start=start,
                period_end=end,
                submission=submission,
                created_by=actor,
            )
    except IntegrityError:  # a concurrent worker made it first: the constraint keeps it once
        return StatReport.objects.get(campaign=campaign, form=form, region=region, period=period), False
    audit_record(actor=actor, obj=report, action="stat_report_generate", changes={"form": form, "period": period})
    return report, True


def can_submit_report(actor, report: StatReport) -> bool:
    return actor.is_superuser or (
        getattr(actor, "is_official", False) and actor.agency_id == report.agency_id and actor.role in REPORTING_ROLES
    )


def can_decide_report(actor, report: StatReport) -> bool:
    """An official of an agency whose region strictly contains the report's unit."""
    if actor.is_superuser:
        return True
    if not getattr(actor, "is_official", False) or actor.role not in REPORTING_ROLES:
        return False
    path = actor.agency.region.path
    return report.region_path.startswith(path) and report.region_path != path


def _lock(report: StatReport) -> StatReport:
    return StatReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def stat_report_submit(*, actor, report: StatReport, remark: str = "") -> StatReport:
    """The unit submits its report: the figures are frozen (snapshot + SHA-256), the Excel file is
    kept and attached to the unit's 报送; a returned report may be corrected and submitted again."""
    if not can_submit_report(actor, report):
        raise NotPermitted(_("只有填报单位的人员可以上报本单位的统计报表。"))
    report = _lock(report)
    if report.status not in (StatReportStatus.DRAFT, StatReportStatus.RETURNED):
        raise TransitionNotAllowed(_("统计报表已上报，不能重复上报。"))
    previous_status = report.status
    unit = report.agency.name if report.agency else report.region.name
    data = composed_form(report.form, report_scope(report), unit=unit)
    data["remark"] = (remark or "").strip()
    content = render_form_xlsx(data, filler=getattr(actor, "display_name", "") or actor.get_username())
    name = f"{report.region.code}-{report.form}-{report.period}.xlsx"
    report.snapshot = data
    report.snapshot_sha256 = digest(data)
    report.remark = data["remark"]
    report.status = StatReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.returned_reason = ""
    report.file.save(name, ContentFile(content), save=False)
    report.save()
    StatReportVersion.objects.create(
        report=report,
        number=report.versions.count() + 1,
        snapshot=data,
        snapshot_sha256=report.snapshot_sha256,
        remark=report.remark,
        submitted_at=report.submitted_at,
        submitted_by=actor,
    )
    audit_record(
        actor=actor,
        obj=report,
        action="stat_report_submit",
        from_state=previous_status,
        to_state=StatReportStatus.SUBMITTED,
        changes={"sha256": report.snapshot_sha256},
    )
    if report.submission_id and not actor.is_superuser:
        submission_submit(
            actor=actor,
            submission=report.submission,
            text=report.remark or str(report),
            upload=ContentFile(content, name=name),
        )
    return report


def _decide(*, actor, report: StatReport, outcome: str, reason: str = "") -> StatReport:
    if not can_decide_report(actor, report):
        raise NotPermitted(_("只有上级单位可以审核下级单位的统计报表。"))
    report = _lock(report)
    if report.status != StatReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("只能审核已上报的统计报表（当前：%(s)s）。") % {"s": report.get_status_display()})
    report.status = outcome
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.returned_reason = reason
    report.save(update_fields=["status", "decided_at", "decided_by", "returned_reason"])
    report.versions.filter(number=report.versions.count()).update(outcome=outcome, outcome_reason=reason)
    audit_record(
        actor=actor,
        obj=report,
        action=f"stat_report_{'return' if outcome == StatReportStatus.RETURNED else 'accept'}",
        from_state=StatReportStatus.SUBMITTED,
        to_state=outcome,
        reason=reason,
    )
    return report


@transaction.atomic
def stat_report_return(*, actor, report: StatReport, reason: str) -> StatReport:
    """The upper level returns a submitted report (退回) with a reason; the unit corrects and resubmits."""
    if not (reason or "").strip():
        raise DomainError(_("请填写退回理由。"), field="reason")
    report = _decide(actor=actor, report=report, outcome=StatReportStatus.RETURNED, reason=reason.strip())
    notify_report_returned(report=report, actor=actor)
    return report


@transaction.atomic
def stat_report_accept(*, actor, report: StatReport) -> StatReport:
    """The upper level accepts a submitted report (审核通过)."""
    return _decide(actor=actor, report=report, outcome=StatReportStatus.ACCEPTED)


def _due_day(requirement: ReportRequirement, today) -> bool:
    last = calendar.monthrange(today.year, today.month)[1]
    return today.day == min(requirement.day_of_month or last, last)


def _attach_progress_draft(submission: Submission | None, *, campaign, region, period: str) -> None:
    """The unit's 工作进展情况 draft (.docx, prefilled from the statistics) on its 报送, once: never over
    a file already there or a submission already made."""
    if submission is None or submission.submitted_at is not None or submission.file:
        return
    data = progress_report_data(campaign=campaign, region=region, period=period)
    submission.file.save(f"{region.code}-progress-{period}.docx", ContentFile(render_progress_docx(data)), save=False)
    submission.original_name = f"{data['unit']}-{data['title']}-{period}.docx"[:255]
    submission.save(update_fields=["file", "original_name"])


def stat_reports_generate_due(*, today=None) -> int:
    """On a requirement's due day, every unit's draft for the month ending that day (beat job,
    idempotent: the unique constraint keeps one report per unit, campaign, form and period)."""
    today = today or timezone.localdate()
    created = 0
    requirements = ReportRequirement.objects.filter(recurrence=Recurrence.MONTHLY).exclude(stat_form="")
    for requirement in requirements.select_related("campaign__region", "campaign__agency"):
        campaign = requirement.campaign
        if not _due_day(requirement, today):
            continue
        period = f"{today.year:04d}-{today.month:02d}"
        try:
            period_bounds(period, campaign=campaign, today=today)
        except DomainError:
            continue
        units: dict[int, Submission | None] = {}
        submissions = Submission.objects.filter(requirement=requirement, due_date=today, agency__isnull=False)
        for submission in submissions.select_related("agency__region"):
            units[submission.agency.region_id] = submission
        if campaign.agency_id:
            units.setdefault(campaign.agency.region_id, None)
        for region in Region.objects.filter(pk__in=list(units)):
            if unit_agency(region) is None:
                continue
            _report, made = stat_report_generate(
                actor=None,
                campaign=campaign,
                region=region,
                period=period,
                form=requirement.stat_form,
                submission=units[region.pk],
            )
            created += made
            _attach_progress_draft(units[region.pk], campaign=campaign, region=region, period=period)
    return created
