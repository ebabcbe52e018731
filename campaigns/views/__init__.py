"""Campaign pages, by sub-domain: list, detail, create/edit with phases, targets, tasks,
requirements and checklists (campaigns); task edit, status and attachments (campaign_tasks);
submissions and 催报 (submissions); groups with a visit calendar (groups). Thin: services decide."""

from __future__ import annotations

from .campaign_tasks import task_attachment, task_edit, task_status
from .campaigns import (
    CampaignListView,
    attach_checklist,
    campaign_create,
    campaign_detail,
    campaign_edit,
    requirement_add,
    target_add,
    task_add,
)
from .groups import group_create, group_detail
from .submissions import (
    my_submissions,
    submission_file,
    submission_list,
    submission_remind,
    submission_submit,
    submissions_remind_late,
)

__all__ = [
    "CampaignListView",
    "attach_checklist",
    "campaign_create",
    "campaign_detail",
    "campaign_edit",
    "group_create",
    "group_detail",
    "my_submissions",
    "requirement_add",
    "submission_file",
    "submission_list",
    "submission_remind",
    "submission_submit",
    "submissions_remind_late",
    "target_add",
    "task_add",
    "task_attachment",
    "task_edit",
    "task_status",
]
