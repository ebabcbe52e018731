"""Writes of hazards (services), by sub-domain: who may act and the guarded change (access), the
lifecycle from report to acceptance and 挂牌督办 (lifecycle), overdue escalation (escalation) and the
public's reports (public). Every public name is re-exported here: `services.hazard_accept(...)`."""

from __future__ import annotations

from .access import ACTING_ROLES, CONCURRENT_MESSAGE, LEVEL_RANK, actor_roles, allowed_actions, official_in_scope
from .escalation import hazards_escalate
from .lifecycle import (
    hazard_accept,
    hazard_assign,
    hazard_from_inspection,
    hazard_list_for_supervision,
    hazard_record_major_plan,
    hazard_rectify_immediately,
    hazard_reject,
    hazard_report,
    hazard_self_report,
    hazard_submit_rectification,
)
from .public import public_report_dismiss, public_report_submit, public_report_verify, responsible_agency_for

__all__ = [
    "ACTING_ROLES",
    "CONCURRENT_MESSAGE",
    "LEVEL_RANK",
    "actor_roles",
    "allowed_actions",
    "hazard_accept",
    "hazard_assign",
    "hazard_from_inspection",
    "hazard_list_for_supervision",
    "hazard_record_major_plan",
    "hazard_rectify_immediately",
    "hazard_reject",
    "hazard_report",
    "hazard_self_report",
    "hazard_submit_rectification",
    "hazards_escalate",
    "official_in_scope",
    "public_report_dismiss",
    "public_report_submit",
    "public_report_verify",
    "responsible_agency_for",
]
