"""Report requirements (报送要求), their due submissions per unit and period, submitting, and
催报 (manual reminders at most once a day, the daily automatic reminder)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.audit import audit_record
from core.bulk import insert_new
from core.errors import DomainError, NotPermitted
from enterprises.scoping import region_within_jurisdiction

from ..choices import Recurrence, ReminderKind, StatForm, SubmissionStatus, Submitters
from ..models import (
    Campaign,
    ReportRequirement,
    Submission,
    SubmissionReminder,
)
from .campaign_tasks import _check_upload
from .campaigns import _require_change
from .notifications import notify_submission_reminded


# ---------------------------------------------------------------------------
# report requirements and submissions
# ---------------------------------------------------------------------------
@transaction.atomic
def requirement_add(
    *,
    actor,
    campaign: Campaign,
    title: str,
    recurrence: str,
    submitters: str,
    due_date: date | None = None,
    day_of_month: int | None = None,
    stat_form: str = "",
) -> ReportRequirement:
    """Add a report requirement (报送要求) and create the submissions already due. `stat_form` asks
    for a statistics form (统计报表), generated for each unit on the due day."""
    _require_change(actor, campaign)
    if not (title or "").strip():
        raise DomainError(_("报送内容不能为空。"), field="title")
    if recurrence not in Recurrence.values:
        raise DomainError(_("报送频次无效。"), field="recurrence")
    if submitters not in Submitters.values:
        raise DomainError(_("报送单位无效。"), field="submitters")
    if recurrence == Recurrence.ONCE and not due_date:
        raise DomainError(_("一次性报送须填写截止日期。"), field="due_date")
    if recurrence != Recurrence.ONCE and not (campaign.period_start and campaign.period_end):
        raise DomainError(_("定期报送要求专项行动有开始和结束日期。"), field="recurrence")
    if day_of_month is not None and not (1 <= int(day_of_month) <= 31):
        raise DomainError(_("每月报送日应在 1 到 31 之间。"), field="day_of_month")
    if stat_form and stat_form not in StatForm.values:
        raise DomainError(_("统计报表「%(f)s」不存在。") % {"f": stat_form}, field="stat_form")
    if stat_form and recurrence != Recurrence.MONTHLY:
        raise DomainError(_("统计报表按月报送，请选择“每月”。"), field="stat_form")
    requirement = ReportRequirement.objects.create(
        campaign=campaign,
        order=campaign.report_requirements.count() + 1,
        title=title.strip(),
        recurrence=recurrence,
        submitters=submitters,
        due_date=due_date,
        day_of_month=day_of_month,
        stat_form=stat_form or "",
    )
    audit_record(actor=actor, obj=requirement, action="requirement_add", changes={"title": requirement.title})
    submissions_generate(requirement=requirement, until=timezone.localdate())
    return requirement


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def due_periods(requirement: ReportRequirement, *, until: date) -> list[tuple[str, date]]:
    """(period label, due date) of every period that has begun by `until`, inside the campaign period.

    Monthly on day N: N or the last day of a shorter month (day 31 → 2月28日). Quarterly,
    half-yearly and annually: due at the end of the period ("每季度底前").
    """
    campaign = requirement.campaign
    if requirement.recurrence == Recurrence.ONCE:
        return [(_("一次性"), requirement.due_date)] if requirement.due_date else []
    start, end = campaign.period_start, campaign.period_end
    if not (start and end):
        return []
    step = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.HALF_YEAR: 6, Recurrence.ANNUAL: 12}[
        requirement.recurrence
    ]
    periods = []
    year, month = start.year, ((start.month - 1) // step) * step + 1
    while date(year, month, 1) <= min(end, until):
        last_month = month + step - 1
        if requirement.recurrence == Recurrence.MONTHLY:
            day = requirement.day_of_month or 31
            due = date(year, month, min(day, calendar.monthrange(year, month)[1]))
            label = _("%(y)d年%(m)d月") % {"y": year, "m": month}
        elif requirement.recurrence == Recurrence.ANNUAL and requirement.due_date:
            due = requirement.due_date.replace(year=year)
            label = _("%(y)d年度") % {"y": year}
        else:
            due = _month_end(year, last_month)
            if requirement.recurrence == Recurrence.QUARTERLY:
                label = _("%(y)d年第%(q)d季度") % {"y": year, "q": (month - 1) // 3 + 1}
            elif requirement.recurrence == Recurrence.HALF_YEAR:
                label = _("%(y)d年上半年") % {"y": year} if month == 1 else _("%(y)d年下半年") % {"y": year}
            else:
                label = _("%(y)d年度") % {"y": year}
        if step == 1:
            if start <= due <= end:
                periods.append((label, due))
        elif due >= start:  # a period overlapping the campaign is due at its own end
            periods.append((label, due))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return periods


def lower_agencies(campaign: Campaign):
    """The lower-level agencies that answer a campaign: children of its agency, or the comprehensive
    agencies one level below its region."""
    q = Q(region__parent_id=campaign.region_id, comprehensive=True)
    if campaign.agency_id:
        q |= Q(parent_id=campaign.agency_id)
    return Agency.objects.filter(q).select_related("region").order_by("region__path", "name")


@transaction.atomic
def submissions_generate(*, requirement: ReportRequirement, until: date) -> int:
    """Create the due submissions of every unit and period begun by `until`; idempotent. Returns how many.

    Units are streamed and written in batches (every enterprise in a province's scope may be a
    unit); the unique constraint (requirement, unit, due date) makes re-runs create nothing.
    """
    requirement = ReportRequirement.objects.select_related("campaign__region").get(pk=requirement.pk)
    periods = due_periods(requirement, until=until)
    if not periods:
        return 0
    if requirement.submitters == Submitters.LOWER_AGENCIES:
        units = (("agency", a.pk, a.region.path) for a in lower_agencies(requirement.campaign))
    else:
        units = (
            ("enterprise", pk, path)
            for pk, path in requirement.campaign.enterprises_in_scope()
            .values_list("pk", "region_path")
            .iterator(chunk_size=2000)
        )
    submissions = (
        Submission(
            requirement=requirement,
            unit_key=f"{kind}:{pk}",
            agency_id=pk if kind == "agency" else None,
            enterprise_id=pk if kind == "enterprise" else None,
            region_path=path,
            period_label=label,
            due_date=due,
        )
        for kind, pk, path in units
        for label, due in periods
    )
    # Only the rows this call created are counted: a copy running at the same time reports its own.
    return insert_new(Submission, submissions, batch_size=2000)


def can_submit(user, submission: Submission) -> bool:
    if submission.enterprise_id:
        return getattr(user, "is_enterprise_user", False) and user.enterprise_id == submission.enterprise_id
    return getattr(user, "is_official", False) and user.agency_id == submission.agency_id


@transaction.atomic
def submission_submit(*, actor, submission: Submission, text: str = "", upload=None) -> Submission:
    """A unit submits its report: a file, a text or both."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not can_submit(actor, submission):
        raise NotPermitted(_("只有应报送的单位可以报送。"))
    if not (text or "").strip() and upload is None:
        raise DomainError(_("请上传文件或填写报送内容。"), field="text")
    if upload is not None:
        _check_upload(upload)
        submission.file.save(Path(upload.name).name, upload, save=False)
        submission.original_name = Path(upload.name).name[:255]
    submission.text = text or ""
    submission.submitted_at = timezone.now()
    submission.submitted_by = actor
    submission.save()
    audit_record(
        actor=actor,
        obj=submission,
        action="submission_submit",
        to_state="submitted",
        changes={"late": submission.submitted_late},
    )
    return submission


# ---------------------------------------------------------------------------
# reminders (催报)
# ---------------------------------------------------------------------------
LATE_STATUSES = (SubmissionStatus.PENDING, SubmissionStatus.OVERDUE)


def runs_campaign_of(user, submission: Submission) -> bool:
    """Whether the user is an official who runs the submission's campaign (its agency, or an agency
    whose jurisdiction contains the campaign's region). The unit that owes the report does not
    remind itself. No query: callers that list visible rows use it per row."""
    if user.is_superuser:
        return True
    if not getattr(user, "is_official", False) or user.role not in ("admin", "inspector", "leader"):
        return False
    if submission.agency_id and submission.agency_id == user.agency_id:
        return False
    campaign = submission.requirement.campaign
    return bool(campaign.agency_id and campaign.agency_id == user.agency_id) or region_within_jurisdiction(
        user, campaign.region
    )


def can_remind(user, submission: Submission) -> bool:
    """Officials running the campaign who can see the submission may remind (催报) its unit."""
    if not getattr(user, "is_authenticated", False) or not runs_campaign_of(user, submission):
        return False
    return Submission.objects.visible_to(user).filter(pk=submission.pk).exists()


@transaction.atomic
def submission_remind(*, actor, submission: Submission, note: str = "") -> SubmissionReminder:
    """An official reminds (催报) the unit that has not yet submitted; at most once a day per submission."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("requirement__campaign__region", "agency", "enterprise")
        .get(pk=submission.pk)
    )
    if not can_remind(actor, submission):
        raise NotPermitted(_("只有组织该专项行动的监管部门可以催报。"))
    if submission.status not in LATE_STATUSES:
        raise DomainError(_("「%(u)s」已报送，无需催报。") % {"u": submission.unit_name}, field="submission")
    now = timezone.now()
    today = timezone.localdate(now)
    if submission.reminders.filter(kind=ReminderKind.MANUAL, sent_on=today).exists():
        raise DomainError(
            _("今天已向「%(u)s」催报过「%(t)s」（%(p)s），每天最多催报一次。")
            % {"u": submission.unit_name, "t": submission.requirement.title, "p": submission.period_label},
            field="submission",
        )
    reminder = SubmissionReminder.objects.create(
        submission=submission,
        kind=ReminderKind.MANUAL,
        sent_at=now,
        sent_on=today,
        sent_by=actor,
        note=(note or "").strip()[:300],
    )
    audit_record(
        actor=actor,
        obj=submission,
        action="submission_remind",
        changes={"unit": submission.unit_name, "status": submission.status, "kind": ReminderKind.MANUAL},
        reason=reminder.note,
    )
    notify_submission_reminded(submission=submission, key=f"submission-reminder:{reminder.pk}", note=reminder.note)
    return reminder


def _reminded(kind: str, day: date) -> Exists:
    """A submission already has a reminder of this kind on this day (one condition on one row)."""
    return Exists(SubmissionReminder.objects.filter(submission=OuterRef("pk"), kind=kind, sent_on=day))


def submissions_remind_late(*, actor, campaign: Campaign, note: str = "", requirement=None) -> int:
    """一键催报: remind every overdue (逾期) submission of the campaign (or of one of its report
    requirements) the actor may remind, skipping those already reminded today. Returns how many
    reminders were sent."""
    sent = 0
    overdue = (
        Submission.objects.visible_to(actor)
        .filter(requirement__campaign=campaign, **({"requirement": requirement} if requirement else {}))
        .with_status(SubmissionStatus.OVERDUE)
        .exclude(_reminded(ReminderKind.MANUAL, timezone.localdate()))
        .select_related("requirement__campaign__region")
    )
    for submission in overdue:
        if not can_remind(actor, submission):
            continue
        try:
            submission_remind(actor=actor, submission=submission, note=note)
        except DomainError:  # submitted or reminded meanwhile
            continue
        sent += 1
    return sent


@transaction.atomic
def submissions_remind_overdue(*, today: date) -> int:
    """The daily job: one automatic reminder per overdue submission per day (idempotent).

    Only campaigns still running (or ended within a month, like submission generation) are
    chased, so an old campaign's unfiled reports are not reminded forever. Returns how many.
    """
    overdue = (
        Submission.objects.with_status(SubmissionStatus.OVERDUE, day=today)
        .filter(
            Q(requirement__campaign__period_end__isnull=True)
            | Q(requirement__campaign__period_end__gte=today - timedelta(days=31))
        )
        .exclude(_reminded(ReminderKind.AUTOMATIC, today))
    )
    now = timezone.now()
    due = list(overdue.select_related("requirement__campaign"))
    rows = [
        SubmissionReminder(submission_id=s.pk, kind=ReminderKind.AUTOMATIC, sent_at=now, sent_on=today) for s in due
    ]
    created = insert_new(SubmissionReminder, rows)
    for submission in due:  # the key makes a second run of the day notify nobody again
        notify_submission_reminded(submission=submission, key=f"submission:{submission.pk}:auto:{today.isoformat()}")
    return created
