"""Writes of campaigns (services), by sub-domain: the campaign itself with its phases, scope and
targets (campaigns), its tasks (campaign_tasks), report requirements, due submissions and 催报
(submissions), inspection groups and their visits (groups). Every public name is re-exported here."""

from __future__ import annotations

from .campaign_tasks import (
    ALLOWED_ATTACHMENT_SUFFIXES,
    MAX_ATTACHMENT_BYTES,
    TASK_FIELDS,
    can_update_task,
    task_add,
    task_attach,
    task_update,
    task_update_status,
)
from .campaigns import (
    CAMPAIGN_FIELDS,
    campaign_attach_checklist,
    campaign_create,
    campaign_update,
    can_change_campaign,
    can_write_campaigns,
    target_add,
    validate_group_rules,
    validate_period_and_phases,
    validate_scope,
)
from .groups import group_create, group_set_members, group_visit_add, specialty_matches
from .submissions import (
    LATE_STATUSES,
    can_remind,
    can_submit,
    due_periods,
    lower_agencies,
    requirement_add,
    runs_campaign_of,
    submission_remind,
    submission_submit,
    submissions_generate,
    submissions_remind_late,
    submissions_remind_overdue,
)

__all__ = [
    "ALLOWED_ATTACHMENT_SUFFIXES",
    "CAMPAIGN_FIELDS",
    "LATE_STATUSES",
    "MAX_ATTACHMENT_BYTES",
    "TASK_FIELDS",
    "campaign_attach_checklist",
    "campaign_create",
    "campaign_update",
    "can_change_campaign",
    "can_remind",
    "can_submit",
    "can_update_task",
    "can_write_campaigns",
    "due_periods",
    "group_create",
    "group_set_members",
    "group_visit_add",
    "lower_agencies",
    "requirement_add",
    "runs_campaign_of",
    "specialty_matches",
    "submission_remind",
    "submission_submit",
    "submissions_generate",
    "submissions_remind_late",
    "submissions_remind_overdue",
    "target_add",
    "task_add",
    "task_attach",
    "task_update",
    "task_update_status",
    "validate_group_rules",
    "validate_period_and_phases",
    "validate_scope",
]
