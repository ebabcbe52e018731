"""Reads of inspections: lists with a fixed query count, applicable items, repeat-visit warnings."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from checklists.choices import AnswerKind

from .choices import AnswerResult, InspectionKind, InspectionStatus
from .models import Inspection, InspectionEvidence, SelfInspectionReminder

DEFAULT_REPEAT_VISIT_WINDOW_DAYS = 30


def repeat_visit_window_days() -> int:
    return int(getattr(settings, "REPEAT_VISIT_WINDOW_DAYS", DEFAULT_REPEAT_VISIT_WINDOW_DAYS))


_last_reminder = SelfInspectionReminder.objects.filter(inspection=OuterRef("pk")).order_by("-day")


def inspection_list(*, user, filters: dict | None = None):
    """Visible inspections with everything a list row shows (constant number of queries)."""
    qs = (
        Inspection.objects.visible_to(user)
        .select_related("campaign", "enterprise", "agency", "template")
        .prefetch_related("inspectors")
        .annotate(reminded_on=Subquery(_last_reminder.values("day")[:1]))
    )
    filters = filters or {}
    for key in ("campaign", "enterprise", "status", "kind", "method"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    return qs


def inspection_detail_qs(user):
    return (
        Inspection.objects.visible_to(user)
        .select_related("campaign", "enterprise", "agency", "template", "previous", "group", "draw")
        .prefetch_related(
            "inspectors",
            "findings",
            "people_met",
            Prefetch("evidence", queryset=InspectionEvidence.objects.order_by("id")),
            "look_back_checks__hazard",
            "hazards",
        )
    )


def _industry_paths(enterprise) -> list[str]:
    return [i.path for i in enterprise.industries.all()]


def applicable_items(inspection) -> list:
    """The checklist items that apply to this enterprise (items limited to industries apply only to
    enterprises in one of those industries or their sub-industries), in checklist order."""
    if not inspection.template_id:
        return []
    paths = _industry_paths(inspection.enterprise)
    items = list(
        inspection.template.items.select_related("section")
        .prefetch_related("industries")
        .order_by("section__order", "order", "id")
    )
    out = []
    for item in items:
        item_paths = [i.path for i in item.industries.all()]
        if not item_paths or any(p.startswith(ip) for p in paths for ip in item_paths):
            out.append(item)
    return out


def answer_is_complete(item, answer, photos: int) -> bool:
    if answer is None:
        return False
    if item.answer_kind == AnswerKind.NUMBER:
        ok = answer.number_value is not None or answer.result == AnswerResult.NOT_APPLICABLE
    elif item.answer_kind == AnswerKind.TEXT:
        ok = bool(answer.text_value.strip()) or answer.result == AnswerResult.NOT_APPLICABLE
    else:
        ok = bool(answer.result)
    if ok and item.photo_required and answer.result != AnswerResult.NOT_APPLICABLE and photos == 0:
        return False
    return ok


def missing_items(inspection) -> list:
    """Applicable items without a complete answer (or without the photo the item asks for)."""
    answers = {a.item_id: a for a in inspection.answers.all()}
    photos: dict[int, int] = {}
    for ev in inspection.evidence.all():
        if ev.item_id:
            photos[ev.item_id] = photos.get(ev.item_id, 0) + 1
    return [
        i for i in applicable_items(inspection) if not answer_is_complete(i, answers.get(i.id), photos.get(i.id, 0))
    ]


def checklist_rows(inspection) -> list[dict]:
    """Sections → items with their answer and photos, for the fill page, detail page and PDF."""
    answers = {a.item_id: a for a in inspection.answers.all()}
    photos: dict[int, list] = {}
    for ev in inspection.evidence.all():
        if ev.item_id:
            photos.setdefault(ev.item_id, []).append(ev)
    sections: list[dict] = []
    for item in applicable_items(inspection):
        if not sections or sections[-1]["section"].id != item.section_id:
            sections.append({"section": item.section, "rows": []})
        sections[-1]["rows"].append({"item": item, "answer": answers.get(item.id), "photos": photos.get(item.id, [])})
    return sections


def repeat_visit_warnings(*, enterprise, campaign, agency, exclude_id=None, today=None) -> list[Inspection]:
    """Inspections of this enterprise by another agency (another department or level) in the same
    campaign, or within the repeat-visit window (seed 002 无事不扰, 避免多层次重复执法)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=repeat_visit_window_days())
    recent = Q(planned_start__gte=since, planned_start__lte=today + timedelta(days=repeat_visit_window_days()))
    recent |= Q(actual_start__date__gte=since)
    q = recent
    if campaign is not None:
        q |= Q(campaign=campaign)
    qs = (
        Inspection.objects.filter(enterprise=enterprise)
        .exclude(kind=InspectionKind.SELF)
        .filter(q)
        .select_related("agency", "campaign")
    )
    if agency is not None:
        qs = qs.exclude(agency=agency)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return list(qs.order_by("-planned_start", "-id")[:20])


def self_inspections_for(user):
    """An enterprise user's self-inspections, open ones first by deadline."""
    return (
        Inspection.objects.visible_to(user)
        .filter(kind=InspectionKind.SELF)
        .select_related("campaign", "enterprise", "template")
        .order_by("status", "planned_end", "id")
    )


OPEN_STATUSES = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)


def self_inspection_overdue_stats(*, user, today=None) -> dict:
    """For the officials' request page: visible self-inspections past their deadline and not
    submitted, and how many of them have been reminded (催办), today and ever."""
    today = today or timezone.localdate()
    overdue = Inspection.objects.visible_to(user).filter(
        kind=InspectionKind.SELF, status__in=OPEN_STATUSES, planned_end__lt=today
    )
    return overdue.aggregate(
        overdue=Count("pk", distinct=True),
        reminded=Count("pk", distinct=True, filter=Q(reminders__isnull=False)),
        reminded_today=Count("pk", distinct=True, filter=Q(reminders__day=today)),
    )
