"""Celery tasks of reports: thin interfaces that call services."""

from __future__ import annotations

import datetime

from celery import shared_task

from .exports.jobs import export_run, exports_expire, exports_sweep
from .services import stat_reports_generate_due


@shared_task(acks_late=True)
def generate_due_stat_reports(today: str | None = None) -> int:
    """Daily at 00:20 (after the due submissions exist): each unit's statistics-form draft on its
    requirement's due day (idempotent: one report per unit, campaign, form and period)."""
    return stat_reports_generate_due(today=datetime.date.fromisoformat(today) if today else None)


@shared_task(acks_late=True)
def run_export(job_id: int) -> str:
    """Run one export job (once: the service claims its row)."""
    return export_run(job_id=job_id)


@shared_task
def sweep_exports() -> int:
    """Every 2 minutes: re-send the export jobs left 排队中 (a lost message, a broker that was down)."""
    return exports_sweep()


@shared_task
def expire_exports() -> int:
    """Daily at 03:00: delete the export files older than 7 days."""
    return exports_expire()
