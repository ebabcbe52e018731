"""To-dos (待办) of hazards and public reports: one definition each (core/todo.py explains how the
count and the list `?todo=<key>` share it). Officials accept rectifications, chase overdue hazards,
complete major hazards' 五到位 and verify the public's reports; enterprises rectify."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.todo import Todo, registry

from .choices import HazardLevel, HazardStatus, PublicReportStatus
from .models import Hazard, PublicReport, RectificationSubmission

#: A major hazard whose 五到位 and 双报告 are not all recorded: the negation of
#: `Hazard.major_plan_complete` (a test keeps the two in step).
MAJOR_PLAN_MISSING = (
    Q(responsibility="")
    | Q(funds_planned__isnull=True)
    | Q(contingency_plan="")
    | Q(reported_to_department_on__isnull=True)
    | Q(reported_to_congress_on__isnull=True)
)


def _visible(user):
    return Hazard.objects.visible_to(user)


def _overdue(rows):
    return rows.overdue()


def _preview(rows, limit: int = 5) -> list[dict]:
    today = timezone.localdate()
    out = []
    for hazard in rows.order_by(F("deadline").asc(nulls_last=True), "id")[:limit]:
        out.append(
            {
                "text": hazard.description[:40],
                "url": reverse("hazards:detail", args=[hazard.pk]),
                "deadline": hazard.deadline,
                "late": hazard.deadline is not None and hazard.deadline < today,
            }
        )
    return out


def awaiting_acceptance(user):
    """Rectifications submitted by the enterprise, waiting for acceptance (验收)."""
    return _visible(user).filter(status=HazardStatus.AWAITING_ACCEPTANCE)


def overdue_hazards(user):
    """Hazards not closed and past their rectification deadline."""
    return _visible(user).overdue()


def major_plan_missing(user):
    """Open major hazards without their complete 五到位 and 双报告."""
    return _visible(user).filter(level=HazardLevel.MAJOR).exclude(status=HazardStatus.CLOSED).filter(MAJOR_PLAN_MISSING)


def to_rectify(user):
    """Hazards the enterprise has to rectify (reported, or rectifying)."""
    return _visible(user).filter(status__in=[HazardStatus.REPORTED, HazardStatus.RECTIFYING])


def rejected(user):
    """Rectifications refused at acceptance: back to rectifying after a submission (the only way a
    hazard with a submission is rectifying again is a rejection)."""
    submitted = RectificationSubmission.objects.filter(hazard=OuterRef("pk"))
    return _visible(user).filter(status=HazardStatus.RECTIFYING).filter(Exists(submitted))


def public_reports(user):
    """Reports of the public routed to the user's agency, waiting to be verified (核查)."""
    return PublicReport.objects.visible_to(user).filter(status=PublicReportStatus.SUBMITTED)


HAZARD_TODOS = registry(
    Todo("awaiting_acceptance", _("待验收的整改"), "hazards:list", awaiting_acceptance, late=_overdue),
    Todo("overdue_hazards", _("逾期未整改的隐患"), "hazards:list", overdue_hazards, late=lambda rows: rows),
    Todo("major_plan_missing", _("重大隐患未落实五到位"), "hazards:list", major_plan_missing, late=_overdue),
    Todo("hazards_to_rectify", _("待整改的隐患"), "hazards:list", to_rectify, late=_overdue, preview=_preview),
    Todo("rectifications_rejected", _("验收未通过、需重新整改"), "hazards:list", rejected, late=_overdue),
)

PUBLIC_REPORT_TODOS = registry(
    Todo("public_reports", _("待核查的群众举报"), "hazards:reports", public_reports),
)
