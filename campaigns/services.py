"""Writes of campaigns: create/update with phases and scope rules, targets, tasks, report
requirements and their due submissions, inspection groups and visits, checklist versions."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.audit import audit_record
from core.errors import DomainError, NotPermitted
from core.models import Industry
from core.scoping import industries_within_jurisdiction, is_writer, region_within_jurisdiction

from .choices import GroupRole, Recurrence, ReminderKind, SubmissionStatus, Submitters, TaskStatus
from .models import (
    Campaign,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    GroupMember,
    GroupVisit,
    InspectionGroup,
    Phase,
    ReportRequirement,
    Submission,
    SubmissionReminder,
    Target,
    Task,
    TaskAttachment,
    TaskProgress,
)

CAMPAIGN_FIELDS = [
    "title",
    "doc_number",
    "issuer",
    "issue_date",
    "kind",
    "region",
    "period_start",
    "period_end",
    "summary",
    "parent",
    "group_min_size",
    "group_max_size",
    "group_leaders",
    "group_deputies",
    "visits_per_month",
    "visit_days_min",
    "visit_days_max",
]
ALLOWED_ATTACHMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".jpg", ".jpeg", ".png", ".txt"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


# ---------------------------------------------------------------------------
# permissions
# ---------------------------------------------------------------------------
def can_write_campaigns(user) -> bool:
    return is_writer(user)


def can_change_campaign(user, campaign: Campaign) -> bool:
    """Officials (admin/inspector) whose jurisdiction contains the campaign's region may change it."""
    return can_write_campaigns(user) and region_within_jurisdiction(user, campaign.region)


def _require_change(actor, campaign: Campaign) -> None:
    if not can_change_campaign(actor, campaign):
        raise NotPermitted(_("只有本辖区监管部门的管理员或检查人员可以修改此专项行动。"))


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------
def _industries_within(children: Iterable[Industry], parents: Iterable[Industry]) -> bool:
    parents = list(parents)
    if not parents:  # the parent covers every industry
        return True
    children = list(children)
    if not children:  # the child covers every industry, the parent does not
        return False
    return all(any(c.path.startswith(p.path) for p in parents) for c in children)


def validate_scope(*, actor, region, industries, parent: Campaign | None) -> None:
    """Scope inside the author's jurisdiction and, for an implementing plan, inside the parent's scope."""
    if region is None:
        raise DomainError(_("范围：区划不能为空。"), field="region")
    if not region_within_jurisdiction(actor, region):
        raise DomainError(_("范围：区划「%(r)s」不在您的辖区内。") % {"r": region.name}, field="region")
    if not industries and not actor.is_superuser and actor.agency.industry_ids() is not None:
        raise DomainError(_("范围：行业领域不能留空（全部行业），请选择本部门监管的行业。"), field="industries")
    if not industries_within_jurisdiction(actor, industries):
        raise DomainError(_("范围：行业领域超出本部门的监管范围。"), field="industries")
    if parent is not None:
        if not Campaign.objects.visible_to(actor).filter(pk=parent.pk).exists():
            raise DomainError(_("上级专项行动不存在。"), field="parent")
        if not region.path.startswith(parent.region_path):
            raise DomainError(
                _("范围：区划「%(r)s」不在上级专项行动的范围「%(p)s」内。")
                % {"r": region.name, "p": parent.region.name},
                field="region",
            )
        if not _industries_within(industries, parent.industries.all()):
            raise DomainError(_("范围：行业领域超出上级专项行动的行业范围。"), field="industries")


def validate_period_and_phases(*, period_start, period_end, phases: list[dict]) -> None:
    """Phases have dates in order, inside the period, without overlaps."""
    if period_start and period_end and period_end < period_start:
        raise DomainError(_("结束日期不能早于开始日期。"), field="period_end")
    previous = None
    for index, phase in enumerate(phases, start=1):
        name = phase.get("name") or _("第%(n)d阶段") % {"n": index}
        start, end = phase.get("start"), phase.get("end")
        if not phase.get("name"):
            raise DomainError(_("第%(n)d个阶段：阶段名称不能为空。") % {"n": index}, field="phases")
        if not start or not end:
            raise DomainError(_("阶段「%(p)s」：开始日期和结束日期不能为空。") % {"p": name}, field="phases")
        if end < start:
            raise DomainError(_("阶段「%(p)s」：结束日期不能早于开始日期。") % {"p": name}, field="phases")
        if period_start and start < period_start:
            raise DomainError(
                _("阶段「%(p)s」：开始日期 %(d)s 早于专项行动开始日期 %(s)s。")
                % {"p": name, "d": start, "s": period_start},
                field="phases",
            )
        if period_end and end > period_end:
            raise DomainError(
                _("阶段「%(p)s」：结束日期 %(d)s 晚于专项行动结束日期 %(e)s。")
                % {"p": name, "d": end, "e": period_end},
                field="phases",
            )
        if previous is not None:
            if start < previous["start"]:
                raise DomainError(
                    _("阶段「%(p)s」应排在阶段「%(q)s」之前：阶段须按时间先后排列。")
                    % {"p": name, "q": previous["name"]},
                    field="phases",
                )
            if start <= previous["end"]:
                raise DomainError(
                    _("阶段「%(p)s」与阶段「%(q)s」的日期重叠。") % {"p": name, "q": previous["name"]},
                    field="phases",
                )
        previous = {"name": name, "start": start, "end": end}


def validate_group_rules(values: dict) -> None:
    lo, hi = values.get("group_min_size"), values.get("group_max_size")
    if lo is not None and hi is not None and lo > hi:
        raise DomainError(_("巡查组最少人数不能大于最多人数。"), field="group_min_size")
    dlo, dhi = values.get("visit_days_min"), values.get("visit_days_max")
    if dlo is not None and dhi is not None and dlo > dhi:
        raise DomainError(_("每次在企业最少天数不能大于最多天数。"), field="visit_days_min")


def _set_phases(campaign: Campaign, phases: list[dict]) -> None:
    campaign.phases.all().delete()
    Phase.objects.bulk_create(
        [
            Phase(
                campaign=campaign,
                order=index,
                name=p["name"],
                start=p["start"],
                end=p["end"],
                description=p.get("description", ""),
            )
            for index, p in enumerate(phases, start=1)
        ]
    )


def _phase_dicts(phases) -> list[dict]:
    return [
        {"name": p["name"], "start": p["start"], "end": p["end"], "description": p.get("description", "")}
        for p in phases
    ]


# ---------------------------------------------------------------------------
# campaigns
# ---------------------------------------------------------------------------
@transaction.atomic
def campaign_create(
    *,
    actor,
    title: str,
    region,
    industries: Iterable[Industry] = (),
    phases: Iterable[dict] = (),
    checklists: Iterable[ChecklistTemplate] = (),
    **fields,
) -> Campaign:
    """Create a campaign (or, with `parent`, an implementing plan 实施方案) inside the actor's jurisdiction."""
    if not can_write_campaigns(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以创建专项行动。"))
    industries = list(industries)
    if not industries and fields.get("parent") is not None:
        industries = list(fields["parent"].industries.all())  # a plan answers its parent's industries
    phases = _phase_dicts(phases)
    if not (title or "").strip():
        raise DomainError(_("标题不能为空。"), field="title")
    validate_scope(actor=actor, region=region, industries=industries, parent=fields.get("parent"))
    validate_period_and_phases(
        period_start=fields.get("period_start"), period_end=fields.get("period_end"), phases=phases
    )
    validate_group_rules(fields)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    campaign = Campaign(
        title=title.strip(),
        region=region,
        agency=getattr(actor, "agency", None),
        created_by=actor,
        **{k: v for k, v in fields.items() if v is not None or k in ("parent",)},
    )
    campaign.save()
    campaign.industries.set(industries)
    campaign.checklists.set(list(checklists))
    _set_phases(campaign, phases)
    audit_record(
        actor=actor,
        obj=campaign,
        action="campaign_create",
        changes={"title": campaign.title, "region": region.code, "parent": campaign.parent_id},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    actor,
    campaign: Campaign,
    industries: Iterable[Industry] | None = None,
    phases: Iterable[dict] | None = None,
    checklists: Iterable[ChecklistTemplate] | None = None,
    **fields,
) -> Campaign:
    """Change a campaign; the same scope and phase rules as on creation are re-checked."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_change(actor, campaign)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    old = {k: getattr(campaign, k) for k in fields}
    for key, value in fields.items():
        setattr(campaign, key, value)
    industries = list(industries) if industries is not None else list(campaign.industries.all())
    phase_list = (
        _phase_dicts(phases)
        if phases is not None
        else [{"name": p.name, "start": p.start, "end": p.end} for p in campaign.phases.all()]
    )
    if campaign.parent_id and campaign.parent_id == campaign.pk:
        raise DomainError(_("上级专项行动不能是自身。"), field="parent")
    validate_scope(actor=actor, region=campaign.region, industries=industries, parent=campaign.parent)
    validate_period_and_phases(period_start=campaign.period_start, period_end=campaign.period_end, phases=phase_list)
    validate_group_rules({f: getattr(campaign, f) for f in CAMPAIGN_FIELDS if f.startswith(("group_", "visit_"))})
    campaign.save()
    campaign.industries.set(industries)
    if phases is not None:
        _set_phases(campaign, phase_list)
    if checklists is not None:
        campaign.checklists.set(list(checklists))
    audit_record(
        actor=actor,
        obj=campaign,
        action="campaign_update",
        changes={k: {"old": old[k], "new": getattr(campaign, k)} for k in fields if old[k] != getattr(campaign, k)},
    )
    return campaign


@transaction.atomic
def campaign_attach_checklist(*, actor, campaign: Campaign, template: ChecklistTemplate) -> None:
    """Pin a checklist version to the campaign."""
    _require_change(actor, campaign)
    campaign.checklists.add(template)
    audit_record(actor=actor, obj=campaign, action="campaign_attach_checklist", changes={"template": str(template)})


# ---------------------------------------------------------------------------
# targets and tasks
# ---------------------------------------------------------------------------
@transaction.atomic
def target_add(
    *, actor, campaign: Campaign, name: str, indicator: str = "", target_value=None, key_industries_only=None
) -> Target:
    """Add a work target; a target names an indicator computed from data or stays unquantified."""
    _require_change(actor, campaign)
    if not (name or "").strip():
        raise DomainError(_("目标名称不能为空。"), field="name")
    if target_value is not None and not (0 <= float(target_value) <= 100):
        raise DomainError(_("目标值应在 0 到 100 之间（百分比）。"), field="target_value")
    if key_industries_only is None:
        key_industries_only = "重点行业" in name
    target = Target.objects.create(
        campaign=campaign,
        order=campaign.targets.count() + 1,
        name=name.strip(),
        indicator=indicator or "",
        target_value=target_value,
        key_industries_only=key_industries_only,
    )
    audit_record(actor=actor, obj=campaign, action="target_add", changes={"name": target.name, "indicator": indicator})
    return target


@transaction.atomic
def task_add(
    *,
    actor,
    campaign: Campaign,
    title: str,
    description: str = "",
    lead_agency: Agency | None = None,
    lead_name: str = "",
    cooperating_agencies: Iterable[Agency] = (),
    cooperating_names: Iterable[str] = (),
    deadline: date | None = None,
) -> Task:
    """Add a task (任务分工) with a lead and cooperating units."""
    _require_change(actor, campaign)
    cooperating_agencies = list(cooperating_agencies)
    _validate_task(
        campaign=campaign,
        title=title,
        lead_agency=lead_agency,
        lead_name=lead_name,
        cooperating_agencies=cooperating_agencies,
        deadline=deadline,
    )
    task = Task.objects.create(
        campaign=campaign,
        order=campaign.tasks.count() + 1,
        title=title.strip(),
        description=description,
        lead_agency=lead_agency,
        lead_name=lead_name or (lead_agency.name if lead_agency else ""),
        cooperating_names=list(cooperating_names),
        deadline=deadline,
    )
    task.cooperating_agencies.set(cooperating_agencies)
    audit_record(actor=actor, obj=task, action="task_add", changes={"title": task.title})
    return task


def _validate_task(
    *, campaign: Campaign, title: str, lead_agency, lead_name: str, cooperating_agencies: list, deadline
) -> None:
    """The rules shared by adding and editing a task; each error names its field."""
    if not (title or "").strip():
        raise DomainError(_("任务名称不能为空。"), field="title")
    if lead_agency is None and not (lead_name or "").strip():
        raise DomainError(_("牵头部门不能为空：请选择部门或填写牵头单位名称。"), field="lead_agency")
    if lead_agency is not None and not lead_agency.region.path.startswith(campaign.region_path):
        raise DomainError(
            _("牵头部门「%(a)s」不在专项行动的范围「%(r)s」内。") % {"a": lead_agency, "r": campaign.region.name},
            field="lead_agency",
        )
    for agency in cooperating_agencies:
        if not agency.region.path.startswith(campaign.region_path):
            raise DomainError(
                _("配合部门「%(a)s」不在专项行动的范围「%(r)s」内。") % {"a": agency, "r": campaign.region.name},
                field="cooperating_agencies",
            )
    if campaign.period_end and deadline and deadline > campaign.period_end:
        raise DomainError(
            _("完成时限 %(d)s 晚于专项行动结束日期 %(e)s。") % {"d": deadline, "e": campaign.period_end},
            field="deadline",
        )


TASK_FIELDS = ["title", "description", "lead_agency", "lead_name", "cooperating_names", "deadline"]


@transaction.atomic
def task_update(
    *,
    actor,
    task: Task,
    title: str,
    description: str = "",
    lead_agency: Agency | None = None,
    lead_name: str = "",
    cooperating_agencies: Iterable[Agency] = (),
    cooperating_names: Iterable[str] = (),
    deadline: date | None = None,
) -> Task:
    """The campaign's officials edit a task (title, lead, cooperating units, deadline). Its progress
    stays with the lead agency (`task_update_status`)."""
    task = Task.objects.select_for_update(of=("self",)).select_related("campaign__region").get(pk=task.pk)
    _require_change(actor, task.campaign)
    cooperating_agencies = list(cooperating_agencies)
    cooperating_names = [n.strip() for n in cooperating_names if n and n.strip()]
    _validate_task(
        campaign=task.campaign,
        title=title,
        lead_agency=lead_agency,
        lead_name=lead_name,
        cooperating_agencies=cooperating_agencies,
        deadline=deadline,
    )
    old = {f: getattr(task, f) for f in TASK_FIELDS}
    old_agencies = sorted(task.cooperating_agencies.values_list("pk", flat=True))
    task.title = title.strip()
    task.description = description or ""
    task.lead_agency = lead_agency
    task.lead_name = (lead_name or "").strip() or (lead_agency.name if lead_agency else "")
    task.cooperating_names = cooperating_names
    task.deadline = deadline
    task.save(update_fields=[*TASK_FIELDS, "updated_at"])
    task.cooperating_agencies.set(cooperating_agencies)
    changes = {
        f: {"old": str(old[f]) if f == "lead_agency" else old[f], "new": str(v) if f == "lead_agency" else v}
        for f in TASK_FIELDS
        if old[f] != (v := getattr(task, f))
    }
    new_agencies = sorted(a.pk for a in cooperating_agencies)
    if old_agencies != new_agencies:
        changes["cooperating_agencies"] = {"old": old_agencies, "new": new_agencies}
    audit_record(actor=actor, obj=task, action="task_update", changes=changes)
    return task


def can_update_task(user, task: Task) -> bool:
    """Only officials of the lead agency (or, for a lead named only as text, of the campaign's agency)."""
    if user.is_superuser:
        return True
    if not getattr(user, "is_official", False) or user.role not in ("admin", "inspector"):
        return False
    if task.lead_agency_id:
        return user.agency_id == task.lead_agency_id
    return bool(task.campaign.agency_id) and user.agency_id == task.campaign.agency_id


@transaction.atomic
def task_update_status(*, actor, task: Task, progress: str, note: str = "") -> Task:
    """The lead agency records the task's progress (未开始/进行中/已完成) and a note."""
    task = Task.objects.select_for_update().select_related("campaign").get(pk=task.pk)
    if not can_update_task(actor, task):
        raise NotPermitted(_("只有牵头部门可以更新任务进展。"))
    if progress not in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE):
        raise DomainError(_("任务进展只能是 未开始 / 进行中 / 已完成。"), field="progress")
    old = task.progress
    task.progress = progress
    task.note = note
    task.save(update_fields=["progress", "note", "updated_at"])
    TaskProgress.objects.create(task=task, progress=progress, note=note, recorded_by=actor)
    audit_record(actor=actor, obj=task, action="task_update_status", from_state=old, to_state=progress, reason=note)
    return task


def _check_upload(upload) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_ATTACHMENT_SUFFIXES:
        raise DomainError(
            _("不支持的文件类型「%(s)s」，请上传 PDF、Word、Excel 或图片。") % {"s": suffix or "?"}, field="file"
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise DomainError(_("文件超过 20 MB。"), field="file")
    if upload.size == 0:
        raise DomainError(_("上传的文件为空。"), field="file")


@transaction.atomic
def task_attach(*, actor, task: Task, upload) -> TaskAttachment:
    """The lead agency attaches a file (stored outside the web root)."""
    if not can_update_task(actor, task):
        raise NotPermitted(_("只有牵头部门可以上传任务附件。"))
    _check_upload(upload)
    attachment = TaskAttachment(task=task, original_name=Path(upload.name).name[:255], uploaded_by=actor)
    attachment.file.save(Path(upload.name).name, upload, save=False)
    attachment.save()
    audit_record(actor=actor, obj=task, action="task_attach", changes={"file": attachment.original_name})
    return attachment


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
) -> ReportRequirement:
    """Add a report requirement (报送要求) and create the submissions already due."""
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
    requirement = ReportRequirement.objects.create(
        campaign=campaign,
        order=campaign.report_requirements.count() + 1,
        title=title.strip(),
        recurrence=recurrence,
        submitters=submitters,
        due_date=due_date,
        day_of_month=day_of_month,
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
    before = requirement.submissions.count()
    batch: list[Submission] = []
    for kind, pk, path in units:
        for label, due in periods:
            batch.append(
                Submission(
                    requirement=requirement,
                    unit_key=f"{kind}:{pk}",
                    agency_id=pk if kind == "agency" else None,
                    enterprise_id=pk if kind == "enterprise" else None,
                    region_path=path,
                    period_label=label,
                    due_date=due,
                )
            )
        if len(batch) >= 2000:
            Submission.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Submission.objects.bulk_create(batch, ignore_conflicts=True)
    return requirement.submissions.count() - before


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
    return reminder


def _reminded(kind: str, day: date) -> Exists:
    """A submission already has a reminder of this kind on this day (one condition on one row)."""
    return Exists(SubmissionReminder.objects.filter(submission=OuterRef("pk"), kind=kind, sent_on=day))


def submissions_remind_late(*, actor, campaign: Campaign, note: str = "") -> int:
    """一键催报: remind every overdue (逾期) submission of the campaign the actor may remind,
    skipping those already reminded today. Returns how many reminders were sent."""
    sent = 0
    overdue = (
        Submission.objects.visible_to(actor)
        .filter(requirement__campaign=campaign)
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
    rows = [
        SubmissionReminder(submission_id=pk, kind=ReminderKind.AUTOMATIC, sent_at=now, sent_on=today)
        for pk in overdue.values_list("pk", flat=True)
    ]
    created = SubmissionReminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(created)


# ---------------------------------------------------------------------------
# inspection groups and visits
# ---------------------------------------------------------------------------
def specialty_matches(user, industries) -> bool:
    """An expert's specialty matches when it lies in, or contains, one of the industries."""
    return any(
        s.path.startswith(c.path) or c.path.startswith(s.path) for s in user.specialties.all() for c in industries
    )


def _validate_members(campaign: Campaign, members: list[tuple]) -> None:
    users = [u for u, _role in members]
    if len({u.pk for u in users}) != len(users):
        raise DomainError(_("同一人不能在巡查组中重复出现。"), field="members")
    size = len(members)
    if not (campaign.group_min_size <= size <= campaign.group_max_size):
        raise DomainError(
            _("巡查组应为 %(a)d–%(b)d 人，现为 %(n)d 人。")
            % {"a": campaign.group_min_size, "b": campaign.group_max_size, "n": size},
            field="members",
        )
    leaders = sum(1 for _u, r in members if r == GroupRole.LEADER)
    deputies = sum(1 for _u, r in members if r == GroupRole.DEPUTY)
    if leaders != campaign.group_leaders:
        raise DomainError(
            _("巡查组应有组长 %(a)d 名，现为 %(n)d 名。") % {"a": campaign.group_leaders, "n": leaders}, field="members"
        )
    if deputies != campaign.group_deputies:
        raise DomainError(
            _("巡查组应有副组长 %(a)d 名，现为 %(n)d 名。") % {"a": campaign.group_deputies, "n": deputies},
            field="members",
        )
    campaign_industries = list(campaign.industries.all())
    for user, role in members:
        if role not in GroupRole.values:
            raise DomainError(_("职务无效。"), field="members")
        if role == GroupRole.EXPERT:
            if not user.in_expert_pool:
                raise DomainError(_("「%(u)s」不在专家库中，不能作为专家。") % {"u": user}, field="members")
            if campaign_industries and not specialty_matches(user, campaign_industries):
                raise DomainError(_("专家「%(u)s」的专业领域与专项行动的行业领域不符。") % {"u": user}, field="members")
        elif not getattr(user, "is_official", False):
            raise DomainError(_("「%(u)s」不是监管人员，只能以专家身份加入巡查组。") % {"u": user}, field="members")


@transaction.atomic
def group_create(*, actor, campaign: Campaign, name: str, members: list[tuple]) -> InspectionGroup:
    """Form an inspection group (巡查组) following the campaign's group rules (default seed 000)."""
    campaign = Campaign.objects.get(pk=campaign.pk)  # the rules as stored now
    _require_change(actor, campaign)
    if not (name or "").strip():
        raise DomainError(_("巡查组名称不能为空。"), field="name")
    _validate_members(campaign, members)
    group = InspectionGroup.objects.create(campaign=campaign, name=name.strip(), agency=getattr(actor, "agency", None))
    GroupMember.objects.bulk_create([GroupMember(group=group, user=u, role=r) for u, r in members])
    audit_record(
        actor=actor,
        obj=group,
        action="group_create",
        changes={"members": [{"user": u.pk, "role": r} for u, r in members]},
    )
    return group


@transaction.atomic
def group_set_members(*, actor, group: InspectionGroup, members: list[tuple]) -> InspectionGroup:
    """Replace the members of a group; the same rules apply, and new members must not clash."""
    group = InspectionGroup.objects.select_for_update().select_related("campaign").get(pk=group.pk)
    _require_change(actor, group.campaign)
    _validate_members(group.campaign, members)
    group.members.all().delete()
    GroupMember.objects.bulk_create([GroupMember(group=group, user=u, role=r) for u, r in members])
    for visit in group.visits.all():
        _check_clash(group=group, start=visit.start, end=visit.end, exclude_visit=visit)
    audit_record(
        actor=actor,
        obj=group,
        action="group_set_members",
        changes={"members": [{"user": u.pk, "role": r} for u, r in members]},
    )
    return group


def _check_clash(*, group: InspectionGroup, start: date, end: date, exclude_visit: GroupVisit | None = None) -> None:
    """The same person may not be in two visits at once (any group, any campaign)."""
    user_ids = list(group.members.values_list("user_id", flat=True))
    clashes = (
        GroupVisit.objects.filter(start__lte=end, end__gte=start, group__members__user_id__in=user_ids)
        .select_related("group", "enterprise")
        .distinct()
    )
    if exclude_visit is not None:
        clashes = clashes.exclude(pk=exclude_visit.pk)
    clash = clashes.first()
    if clash is not None:
        names = "、".join(
            str(m.user)
            for m in GroupMember.objects.filter(group=clash.group, user_id__in=user_ids).select_related("user")
        )
        raise DomainError(
            _("时间冲突：%(who)s 在 %(s)s 至 %(e)s 已安排随「%(g)s」巡查「%(ent)s」。")
            % {"who": names, "s": clash.start, "e": clash.end, "g": clash.group, "ent": clash.enterprise},
            field="start",
        )


@transaction.atomic
def group_visit_add(*, actor, group: InspectionGroup, enterprise, start: date, end: date, note: str = "") -> GroupVisit:
    """Plan a visit of a group to an enterprise in the campaign's scope, checking days, frequency and clashes."""
    group = InspectionGroup.objects.select_for_update().select_related("campaign").get(pk=group.pk)
    campaign = group.campaign
    _require_change(actor, campaign)
    if not start or not end:
        raise DomainError(_("请填写进驻日期和结束日期。"), field="start")
    if end < start:
        raise DomainError(_("结束日期不能早于进驻日期。"), field="end")
    if not campaign.enterprises_in_scope().filter(pk=enterprise.pk).exists():
        raise DomainError(_("企业「%(e)s」不在专项行动范围内。") % {"e": enterprise}, field="enterprise")
    days = (end - start).days + 1
    if not (campaign.visit_days_min <= days <= campaign.visit_days_max):
        raise DomainError(
            _("每次到企业巡查应为 %(a)d–%(b)d 天，现为 %(n)d 天。")
            % {"a": campaign.visit_days_min, "b": campaign.visit_days_max, "n": days},
            field="end",
        )
    if (campaign.period_start and start < campaign.period_start) or (campaign.period_end and end > campaign.period_end):
        raise DomainError(_("巡查日期应在专项行动期间内。"), field="start")
    in_month = group.visits.filter(start__year=start.year, start__month=start.month).count()
    if in_month >= campaign.visits_per_month:
        raise DomainError(
            _("巡查组每月巡查 %(n)d 次，%(m)d月已排满。") % {"n": campaign.visits_per_month, "m": start.month},
            field="start",
        )
    _check_clash(group=group, start=start, end=end)
    visit = GroupVisit.objects.create(group=group, enterprise=enterprise, start=start, end=end, note=note)
    audit_record(
        actor=actor,
        obj=group,
        action="group_visit_add",
        changes={"enterprise": enterprise.pk, "start": start, "end": end},
    )
    return visit


# ---------------------------------------------------------------------------
# checklist templates
# ---------------------------------------------------------------------------
def checklist_in_use(template: ChecklistTemplate) -> bool:
    """A version used by any inspection is immutable."""
    return template.in_use()


def _write_checklist(
    *, data: dict, code: str, version: int, previous: ChecklistTemplate | None, industry_by_code=None
) -> ChecklistTemplate:
    industry_by_code = industry_by_code or {i.code: i for i in Industry.objects.all()}
    template = ChecklistTemplate.objects.create(
        code=code,
        version=version,
        name=data["name"],
        kind=data.get("kind", "inspection"),
        description=data.get("description", ""),
        source_seed=data.get("source_seed", ""),
        previous=previous,
    )
    through = ChecklistItem.industries.through
    links = []
    for s_order, section_data in enumerate(data["sections"], start=1):
        section = ChecklistSection.objects.create(
            template=template,
            order=s_order,
            title=section_data["title"],
            lead_department=section_data.get("lead_department", ""),
        )
        items = ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    template=template,
                    section=section,
                    order=i_order,
                    number=item["number"],
                    text=item["text"],
                    legal_basis=item.get("legal_basis", ""),
                    answer_kind=item.get("answer_kind", "compliance"),
                    photo_required=item.get("photo_required", False),
                    hazard_level=item.get("hazard_level", "general"),
                    major_criterion=item.get("major_criterion", False),
                )
                for i_order, item in enumerate(section_data["items"], start=1)
            ]
        )
        for obj, item in zip(items, section_data["items"], strict=True):
            for industry_code in item.get("industries", []):
                links.append(through(checklistitem_id=obj.pk, industry_id=industry_by_code[industry_code].pk))
    through.objects.bulk_create(links)
    return template


def _validate_checklist_data(data: dict) -> None:
    if not (data.get("name") or "").strip():
        raise DomainError(_("检查表名称不能为空。"), field="name")
    if not data.get("sections") or not any(s.get("items") for s in data["sections"]):
        raise DomainError(_("检查表至少要有一个检查项。"), field="sections")


@transaction.atomic
def checklist_create(*, actor, code: str, data: dict) -> ChecklistTemplate:
    """Create version 1 of a new checklist template from {name, description, sections: [{title, items}]}."""
    if not can_write_campaigns(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以创建检查表。"))
    code = (code or "").strip()
    if not code:
        raise DomainError(_("编码不能为空。"), field="code")
    if ChecklistTemplate.objects.filter(code=code).exists():
        raise DomainError(_("编码「%(c)s」已存在，请修订该检查表以生成新版本。") % {"c": code}, field="code")
    _validate_checklist_data(data)
    template = _write_checklist(data=data, code=code, version=1, previous=None)
    audit_record(actor=actor, obj=template, action="checklist_create", changes={"code": code, "version": 1})
    return template


@transaction.atomic
def checklist_revise(*, actor, template: ChecklistTemplate, data: dict) -> ChecklistTemplate:
    """Editing a template creates a new version (the old one stays as used by inspections and campaigns)."""
    if not can_write_campaigns(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以修订检查表。"))
    _validate_checklist_data(data)
    latest = ChecklistTemplate.objects.select_for_update().filter(code=template.code).order_by("-version").first()
    data = {"source_seed": template.source_seed, "kind": template.kind, **data}
    new = _write_checklist(data=data, code=template.code, version=latest.version + 1, previous=latest)
    audit_record(
        actor=actor,
        obj=new,
        action="checklist_revise",
        changes={"code": new.code, "from_version": latest.version, "version": new.version},
    )
    return new


def checklist_data(template: ChecklistTemplate) -> dict:
    """The template as plain data (the shape `checklist_create`/`checklist_revise` take)."""
    sections = []
    for section in template.sections.prefetch_related("items__industries"):
        sections.append(
            {
                "title": section.title,
                "lead_department": section.lead_department,
                "items": [
                    {
                        "number": i.number,
                        "text": i.text,
                        "legal_basis": i.legal_basis,
                        "industries": [x.code for x in i.industries.all()],
                        "answer_kind": i.answer_kind,
                        "photo_required": i.photo_required,
                        "hazard_level": i.hazard_level,
                        "major_criterion": i.major_criterion,
                    }
                    for i in section.items.all()
                ],
            }
        )
    return {
        "name": template.name,
        "kind": template.kind,
        "description": template.description,
        "source_seed": template.source_seed,
        "sections": sections,
    }
