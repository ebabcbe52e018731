"""Writes to the registry: saving an enterprise inside the actor's jurisdiction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError, NotPermitted
from core.jobs import send_job
from enterprises.scoping import industries_within_jurisdiction, is_writer, region_within_jurisdiction

from .models import CertifiedPerson, Enterprise, MajorHazardSource, enterprises_rekeying, refresh_region_copies

AUDITED_FIELDS = [
    "name",
    "uscc",
    "region_id",
    "address",
    "principal",
    "risk_grade",
    "supervision_class",
    "licence_number",
    "licence_valid_until",
    "responsible_agency_id",
]


def enterprise_check_scope(*, actor, region, industries) -> None:
    """Refuse a region or industry outside the actor's jurisdiction (each with the field named)."""
    if not is_writer(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以登记或修改企业信息。"))
    if region is not None and region.level not in ("county", "township", "grid"):
        raise DomainError(
            _("所在区划应具体到县（区）或乡镇（街道），「%(r)s」级别过高。") % {"r": region.name}, field="region"
        )
    if region is not None and not region_within_jurisdiction(actor, region):
        raise DomainError(_("所在区划「%(r)s」不在您的辖区内。") % {"r": region.name}, field="region")
    if industries is not None and not industries_within_jurisdiction(actor, industries):
        raise DomainError(_("行业领域超出您所在部门的监管范围。"), field="industries")


def _check_responsible_agency(*, actor, enterprise: Enterprise) -> None:
    """The responsible agency lies in the actor's jurisdiction and its region covers the enterprise."""
    from .references import agency_usable

    agency = enterprise.responsible_agency
    if agency is None:
        return
    if not agency_usable(actor, agency) or not enterprise.region.path.startswith(agency.region.path):
        raise DomainError(
            _("负责部门「%(a)s」不在您的辖区内或不管辖该企业所在区划。") % {"a": agency.name},
            field="responsible_agency",
        )


@transaction.atomic
def enterprise_save(
    *,
    actor,
    enterprise: Enterprise,
    industries=None,
    certified_people: list[dict] | None = None,
    major_hazard_sources: list[dict] | None = None,
) -> Enterprise:
    """Create or update an enterprise; the result must lie inside the actor's jurisdiction.

    `certified_people` / `major_hazard_sources`, when given, replace the enterprise's lists
    (三项岗位人员 with certificates; registered 重大危险源).
    """
    if enterprise.pk and not Enterprise.objects.filter(pk=enterprise.pk).restrict(actor, "change").exists():
        raise NotPermitted(_("您无权修改此企业。"))
    enterprise_check_scope(actor=actor, region=enterprise.region, industries=industries)
    _check_responsible_agency(actor=actor, enterprise=enterprise)
    creating = enterprise.pk is None
    before = {}
    if not creating:
        old = Enterprise.objects.get(pk=enterprise.pk)
        before = {f: getattr(old, f) for f in AUDITED_FIELDS}
    enterprise.save()
    if not creating and old.region_path != enterprise.region_path:
        refresh_region_copies([enterprise.pk])
    if industries is not None:
        with enterprises_rekeying([] if creating else [enterprise.pk]):
            enterprise.industries.set(industries)
    if certified_people is not None:
        enterprise.certified_people.all().delete()
        CertifiedPerson.objects.bulk_create([CertifiedPerson(enterprise=enterprise, **p) for p in certified_people])
        changes_children = {"certified_people": len(certified_people)}
    else:
        changes_children = {}
    if major_hazard_sources is not None:
        enterprise.major_hazard_sources.all().delete()
        MajorHazardSource.objects.bulk_create(
            [MajorHazardSource(enterprise=enterprise, **s) for s in major_hazard_sources]
        )
        changes_children["major_hazard_sources"] = len(major_hazard_sources)
    after = {f: getattr(enterprise, f) for f in AUDITED_FIELDS}
    changes = {f: [before.get(f), after[f]] for f in AUDITED_FIELDS if before.get(f) != after[f]}
    changes.update(changes_children)
    audit_record(actor=actor, obj=enterprise, action="create" if creating else "update", changes=changes)
    return enterprise


def _store_private(upload, *, folder: str) -> str:
    import uuid
    from pathlib import Path

    from django.conf import settings

    target_dir = Path(settings.PRIVATE_STORAGE_ROOT) / folder
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{uuid.uuid4().hex}.xlsx"
    with open(target, "wb") as out:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
            out.write(chunk)
    return str(target)


def enterprise_import_upload(*, actor, upload):
    """Import an uploaded workbook: small files at once, large ones through a background job.

    Returns ("done", ImportResult) or ("queued", EnterpriseImportJob). Raises DomainError or
    RowErrors (nothing written) for a bad file.
    """
    from django.conf import settings

    from core.xlsx import check_xlsx_file, count_data_rows

    from .imports import enterprise_import
    from .models import EnterpriseImportJob

    check_xlsx_file(upload)
    rows = count_data_rows(upload)
    if rows > settings.IMPORT_MAX_ROWS:
        raise DomainError(
            _("行数 %(n)d 超过上限 %(max)d 行。") % {"n": rows, "max": settings.IMPORT_MAX_ROWS}, field="file"
        )
    if rows <= settings.IMPORT_SYNC_MAX_ROWS:
        return "done", enterprise_import(actor=actor, fileobj=upload)
    job = EnterpriseImportJob.objects.create(
        created_by=actor,
        file_name=getattr(upload, "name", "upload.xlsx")[:255],
        stored_path=_store_private(upload, folder="imports"),
        total_rows=rows,
    )
    # The row drives the job: with the broker down the request still succeeds, and the sweeper
    # (enterprise_imports_sweep) sends the job once the broker is back.
    transaction.on_commit(lambda: enterprise_import_enqueue(job.pk))
    return "queued", job


def enterprise_import_enqueue(job_id: int) -> bool:
    """Send an import job to Celery; with the broker unreachable, leave it 排队中 for the sweeper."""
    from .tasks import run_enterprise_import

    return send_job(run_enterprise_import, job_id)


def enterprise_imports_sweep(*, older_than_seconds: int = 60) -> int:
    """Re-send the import jobs still 排队中 (a lost message, a broker that was down)."""
    from datetime import timedelta

    from django.utils import timezone

    from .choices import ImportStatus
    from .models import EnterpriseImportJob

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pending = EnterpriseImportJob.objects.filter(status=ImportStatus.PENDING, created_at__lt=cutoff)
    return sum(enterprise_import_enqueue(pk) for pk in pending.values_list("pk", flat=True)[:200])


def enterprise_import_job_run(*, job_id: int) -> None:
    """Run a queued import job (called by the Celery task); records progress, result or errors."""
    import os

    from django.utils import timezone

    from core.errors import RowErrors

    from .choices import ImportStatus
    from .imports import enterprise_import
    from .models import EnterpriseImportJob

    # Claim the row in one UPDATE: however many messages ask for this job, it runs once.
    if not EnterpriseImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING
    ):
        return
    job = EnterpriseImportJob.objects.select_related("created_by").get(pk=job_id)

    def progress(n: int) -> None:
        EnterpriseImportJob.objects.filter(pk=job.pk).update(processed_rows=n)

    try:
        with open(job.stored_path, "rb") as fileobj:
            result = enterprise_import(actor=job.created_by, fileobj=fileobj, progress=progress)
    except RowErrors as exc:
        EnterpriseImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, errors=exc.rows[:5000], finished_at=timezone.now()
        )
    except DomainError as exc:
        EnterpriseImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            errors=[{"row": 0, "column": "", "message": exc.message}],
            finished_at=timezone.now(),
        )
    else:
        EnterpriseImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            processed_rows=job.total_rows,
            created_count=result.created,
            updated_count=result.updated,
            finished_at=timezone.now(),
        )
    finally:
        if os.path.exists(job.stored_path):
            os.remove(job.stored_path)
