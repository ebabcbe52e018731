"""Background jobs of the registry: thin wrappers that take ids and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def run_enterprise_import(job_id: int) -> None:
    from .services import enterprise_import_job_run

    enterprise_import_job_run(job_id=job_id)
