"""To-dos (待办) of inspections and experts' conflicts (回避): one definition each (core/todo.py).
Officials carry out this week's inspections, leaders review submitted ones, enterprises finish
their self-inspections, experts their inspections."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.todo import Todo, registry

from .choices import InspectionKind, InspectionStatus
from .models import ExpertConflict, Inspection

OPEN = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)


def _visible(user):
    return Inspection.objects.visible_to(user)


def _late(rows):
    """Open inspections past their planned end."""
    return rows.filter(status__in=OPEN, planned_end__lt=timezone.localdate())


def _preview(rows, url_name: str = "inspections:fill", limit: int = 5) -> list[dict]:
    today = timezone.localdate()
    out = []
    for inspection in rows.select_related("template", "enterprise").order_by(
        F("planned_end").asc(nulls_last=True), "id"
    )[:limit]:
        out.append(
            {
                "text": inspection.template.name if inspection.template_id else inspection.get_kind_display(),
                "url": reverse(url_name, args=[inspection.pk]),
                "deadline": inspection.planned_end,
                "late": inspection.planned_end is not None and inspection.planned_end < today,
            }
        )
    return out


def this_week(user, today=None):
    """Inspections by officials (not self-inspections) planned to start by the end of this week
    and not started, or in progress."""
    today = today or timezone.localdate()
    sunday = today + timedelta(days=6 - today.weekday())
    planned = Q(status=InspectionStatus.PLANNED, planned_start__lte=sunday)
    return _visible(user).exclude(kind=InspectionKind.SELF).filter(planned | Q(status=InspectionStatus.IN_PROGRESS))


def to_review(user):
    """Inspections submitted and waiting for a leader's (or administrator's) review (审核)."""
    return _visible(user).filter(status=InspectionStatus.SUBMITTED)


def self_due(user):
    """The enterprise's self-inspections not yet submitted."""
    return _visible(user).filter(kind=InspectionKind.SELF, status__in=OPEN)


def expert_open(user):
    """An expert's inspections (named as inspector or through a group) not yet submitted."""
    return _visible(user).filter(status__in=OPEN)


def expert_conflicts(user):
    """The expert's conflicts of interest (回避) in force."""
    return ExpertConflict.objects.visible_to(user).active()


INSPECTION_TODOS = registry(
    Todo("inspections_this_week", _("本周待开展及进行中的检查"), "inspections:list", this_week, late=_late),
    Todo("inspections_to_review", _("待审核的检查"), "inspections:list", to_review),
    Todo("self_inspections_due", _("我的自查：待完成"), "inspections:list", self_due, late=_late, preview=_preview),
    Todo(
        "expert_inspections",
        _("我的检查：待完成"),
        "inspections:list",
        expert_open,
        late=_late,
        preview=lambda rows: _preview(rows, "inspections:detail"),
    ),
)

CONFLICT_TODOS = registry(
    Todo("expert_conflicts", _("我的回避声明（有效）"), "inspections:conflicts", expert_conflicts),
)
