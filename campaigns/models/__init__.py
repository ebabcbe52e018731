"""Models of campaigns (专项行动), by sub-domain: the campaign with its phases, targets and tasks
(campaigns), report requirements and submissions (submissions), inspection groups and their
visits (groups).

The fields here are the contract other apps rely on (inspections, hazards, reports): add
fields freely, do not rename or remove these."""

from __future__ import annotations

from .campaigns import Campaign, CampaignQuerySet, Phase, Target, Task, TaskAttachment, TaskProgress, private_storage
from .groups import GroupMember, GroupVisit, InspectionGroup, InspectionGroupQuerySet
from .submissions import (
    SUBMITTED_LATE,
    SUBMITTED_ON_TIME,
    ReportRequirement,
    Submission,
    SubmissionQuerySet,
    SubmissionReminder,
)

__all__ = [
    "SUBMITTED_LATE",
    "SUBMITTED_ON_TIME",
    "Campaign",
    "CampaignQuerySet",
    "GroupMember",
    "GroupVisit",
    "InspectionGroup",
    "InspectionGroupQuerySet",
    "Phase",
    "ReportRequirement",
    "Submission",
    "SubmissionQuerySet",
    "SubmissionReminder",
    "Target",
    "Task",
    "TaskAttachment",
    "TaskProgress",
    "private_storage",
]
