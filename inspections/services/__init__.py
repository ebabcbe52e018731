"""Writes of inspections (services), by sub-domain: the status machine, submission (every failing
answer and finding becomes a hazard, once) and review (lifecycle); planning, draws' follow-up and
self-inspection requests (planning); answers, findings, people met and evidence (filling);
look-backs (look_back); experts' conflicts of interest (conflicts); reminders of overdue
self-inspections (reminders).

Every status change goes through `lifecycle._transition`, which locks the row, checks the state
and writes the audit entry in the same transaction. Every public name is re-exported here."""

from __future__ import annotations

from .conflicts import CONFLICT_RECORDER_ROLES, expert_conflict_declare, expert_conflict_withdraw
from .filling import finding_add, inspection_add_evidence, inspection_save_answers, person_met_add
from .lifecycle import INTERVIEW_TEMPLATE_CODE, TRANSITIONS, can_fill, inspection_review, inspection_submit
from .look_back import inspection_create_look_back, look_back_confirm
from .planning import inspection_plan, inspection_request_self, inspection_start, inspection_update
from .reminders import self_inspections_overdue, self_inspections_remind_overdue

__all__ = [
    "CONFLICT_RECORDER_ROLES",
    "INTERVIEW_TEMPLATE_CODE",
    "TRANSITIONS",
    "can_fill",
    "expert_conflict_declare",
    "expert_conflict_withdraw",
    "finding_add",
    "inspection_add_evidence",
    "inspection_create_look_back",
    "inspection_plan",
    "inspection_request_self",
    "inspection_review",
    "inspection_save_answers",
    "inspection_start",
    "inspection_submit",
    "inspection_update",
    "look_back_confirm",
    "person_met_add",
    "self_inspections_overdue",
    "self_inspections_remind_overdue",
]
