"""Background jobs of the registry: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def run_enterprise_import(job_id: int) -> None:
    from .services import enterprise_import_job_run

    enterprise_import_job_run(job_id=job_id)


@shared_task
def sweep_imports() -> int:
    """Every 2 minutes: re-send the import jobs left 排队中."""
    from .services import enterprise_imports_sweep

    return enterprise_imports_sweep()
