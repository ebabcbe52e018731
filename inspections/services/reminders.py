"""Overdue self-inspections and their daily reminder (催办), once a day per inspection."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from ..choices import InspectionKind, InspectionStatus
from ..models import (
    Inspection,
    SelfInspectionReminder,
)
from .notifications import notify_self_inspections_overdue

# --- overdue self-inspections ---------------------------------------------------------------


def self_inspections_overdue(*, today: date):
    """Self-inspections whose deadline has passed and that are not submitted."""
    return Inspection.objects.filter(
        kind=InspectionKind.SELF,
        status__in=(InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS),
        planned_end__lt=today,
    )


@transaction.atomic
def self_inspections_remind_overdue(*, today: date | None = None) -> int:
    """Record one reminder (催办) per overdue, unsubmitted self-inspection for `today`; the unique
    (inspection, day) constraint makes a second run that day create nothing. Returns how many
    reminders this run created."""
    today = today or timezone.localdate()
    ids = list(self_inspections_overdue(today=today).order_by("id").values_list("id", flat=True))
    if not ids:
        return 0
    # INSERT ... ON CONFLICT DO NOTHING RETURNING: concurrent runs cannot create a reminder twice,
    # and each run counts exactly the rows it added.
    table = SelfInspectionReminder._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (inspection_id, day, created_at) "
            "SELECT unnest(%s::bigint[]), %s, now() ON CONFLICT DO NOTHING RETURNING inspection_id",
            [ids, today],
        )
        reminded = [row[0] for row in cursor.fetchall()]
    notify_self_inspections_overdue(inspection_ids=reminded, today=today)
    return len(reminded)
