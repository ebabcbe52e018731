"""Writes of a campaign's tasks (任务分工): add, edit, progress by the lead agency, attachments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.audit import audit_record
from core.errors import DomainError, NotPermitted

from ..choices import TaskStatus
from ..models import (
    Campaign,
    Task,
    TaskAttachment,
    TaskProgress,
)
from .campaigns import _require_change

ALLOWED_ATTACHMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".jpg", ".jpeg", ".png", ".txt"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


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
