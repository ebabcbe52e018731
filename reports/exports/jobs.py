"""Export jobs, driven by their row (下载中心).

- `export_request` checks the kind, the format and every filter (a Chinese message naming the
  field, nothing written), stores the job 排队中 and asks Celery to run it after the commit. If the
  broker is unreachable the request still succeeds: the job waits in its row.
- `export_run` claims the row (排队中 → 生成中 in one UPDATE, so a job runs once however many
  messages ask for it), streams the rows in primary-key batches to a file, moves the progress, and
  ends 已完成 with the file or 失败 with the reason — never a half file offered for download.
- `exports_sweep` (beat) re-sends the jobs left 排队中; `exports_expire` (beat) deletes files after
  7 days.
"""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError
from core.jobs import send_job
from core.models import Region
from core.replica import replica_reads
from enterprises.models import Enterprise
from enterprises.scoping import region_within_jurisdiction

from ..models import ExportJob, ExportStatus
from ..statistics.drilldown import from_request
from .kinds import KINDS, NON_FILTERS, ExportKind, as_querydict
from .writer import write_csv, write_xlsx

log = logging.getLogger(__name__)
FORMATS = ("xlsx", "csv")
KEEP_DAYS = 7


def _batch_size() -> int:
    return getattr(settings, "EXPORT_BATCH_SIZE", 2000)


def _fake_request(user, query: QueryDict):
    return SimpleNamespace(user=user, GET=query)


def export_queryset(kind: ExportKind, user, filters: dict):
    """The records of the list with the same filters and jurisdiction (DomainError naming a bad field)."""
    query = as_querydict(filters)
    base = kind.queryset(user)
    if query.get("stat"):
        drill = from_request(_fake_request(user, query), kind.source or "-")
        return base.filter(pk__in=drill.queryset.values("pk"))
    filterset = kind.filterset(query, queryset=base, request=_fake_request(user, query))
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise DomainError(_("筛选条件「%(f)s」无效：%(e)s") % {"f": field, "e": "；".join(errors)}, field=field)
    return filterset.qs


def _check_filters(kind: ExportKind, user, filters: dict) -> None:
    allowed = set(kind.filterset.base_filters) | NON_FILTERS
    for key in filters:
        if key not in allowed:
            raise DomainError(_("「%(k)s」不是%(l)s的筛选条件。") % {"k": key, "l": kind.label}, field=key)
    code = filters.get("region")
    if code and "stat" not in filters:
        region = Region.objects.filter(code=code).first()
        if region is None or not region_within_jurisdiction(user, region):
            raise DomainError(_("区划「%(c)s」不存在或不在您的辖区内。") % {"c": code}, field="region")


def describe(filters: dict) -> str:
    parts = [f"{k}={v}" for k, v in sorted(filters.items()) if k not in ("page", "format") and v not in ("", None)]
    return "；".join(parts)[:500] or _("全部（本辖区）")


@transaction.atomic
def export_request(*, actor, kind: str, filters: dict | None = None, fmt: str = "xlsx") -> ExportJob:
    """Ask for an export of a list; the job runs in the background (or in-process without Redis)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise DomainError(
            _("导出内容「%(k)s」不存在，可选：%(all)s。") % {"k": kind, "all": "、".join(KINDS)}, field="kind"
        )
    if fmt not in FORMATS:
        raise DomainError(_("格式「%(f)s」不支持，可选 xlsx 或 csv。") % {"f": fmt}, field="format")
    filters = {k: v for k, v in (filters or {}).items() if k not in ("page", "format") and v not in ("", None)}
    _check_filters(spec, actor, filters)
    export_queryset(spec, actor, filters).none().count()  # validates the filter values now, not in the job
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=actor,
            kind=kind,
            format=fmt,
            filters=filters,
            description=describe(filters),
            expires_at=timezone.now() + timedelta(days=KEEP_DAYS),
        )
        # Every export is in the audit history: who took which rows out, with which filters.
        audit_record(actor=actor, obj=job, action="export", changes={"kind": kind, "format": fmt, "filters": filters})
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> bool:
    """Send the job to Celery; with the broker down, log it and leave the row 排队中 for the sweeper."""
    from ..tasks import run_export

    return send_job(run_export, job_id)


def _rows(kind: ExportKind, qs, job: ExportJob):
    """Rows of the export, read in primary-key batches (no OFFSET, no model objects)."""
    last = 0
    batch_size = _batch_size()
    done = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk").values(*kind.fields)[:batch_size])
        if not batch:
            break
        last = batch[-1]["id"]
        if kind.key == "enterprises":
            through = Enterprise.industries.through.objects.filter(enterprise_id__in=[r["id"] for r in batch])
            names: dict[int, list[str]] = {}
            for enterprise_id, name in through.values_list("enterprise_id", "industry__name"):
                names.setdefault(enterprise_id, []).append(name)
            for row in batch:
                row["_industries"] = "、".join(names.get(row["id"], []))
        for n, row in enumerate(batch, start=done + 1):
            row["_n"] = n  # 序号: the running number of the ledger
            yield [column.value(row) for column in kind.columns]
        done += len(batch)
        ExportJob.objects.filter(pk=job.pk).update(done=done)


def export_run(*, job_id: int) -> str:
    """Run a job once: claim it, stream the file, finish 已完成 or 失败."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    kind = KINDS[job.kind]
    handle, path = tempfile.mkstemp(suffix="." + job.format)
    os.close(handle)
    try:
        # The job's row was read above from the primary (a standby may not have it yet); the rows it
        # exports may be read from the standby, a moment old. Progress updates still go to the
        # primary (writes always do: config/routers.py).
        with replica_reads():
            qs = export_queryset(kind, job.user, job.filters)
            total = qs.count()
            ExportJob.objects.filter(pk=job.pk).update(total=total)
            title = _("%(l)s · 筛选：%(d)s · 导出时间：%(t)s · 共 %(n)d 条") % {
                "l": kind.label,
                "d": job.description,
                "t": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                "n": total,
            }
            writer = write_xlsx if job.format == "xlsx" else write_csv
            writer(path, kind, title, _rows(kind, qs, job))
        name = f"{job.kind}-{timezone.localtime():%Y%m%d-%H%M%S}.{job.format}"
        with open(path, "rb") as content:
            job.file.save(name, File(content), save=False)
        job.size = os.path.getsize(path)
        job.status, job.finished_at, job.done = ExportStatus.DONE, timezone.now(), total
        job.save(update_fields=["file", "size", "status", "finished_at", "done"])
        return "done"
    except Exception as exc:
        log.exception("export %s failed", job_id)
        message = exc.message if isinstance(exc, DomainError) else _("导出失败：%(e)s") % {"e": exc.__class__.__name__}
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportStatus.FAILED, error=message, finished_at=timezone.now(), file=""
        )
        return "failed"
    finally:
        os.unlink(path)


def exports_sweep(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Re-send the jobs still 排队中 (their message was lost, or the broker was down)."""
    cutoff = timezone.now() - older_than
    ids = list(
        ExportJob.objects.filter(status=ExportStatus.PENDING, created_at__lt=cutoff).values_list("id", flat=True)[:500]
    )
    return sum(enqueue(job_id) for job_id in ids)


def exports_expire(*, now=None) -> int:
    """Delete the files of jobs past their 7 days; the rows stay, 已过期."""
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(expires_at__lt=now).exclude(status=ExportStatus.EXPIRED).iterator():
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.EXPIRED, file="")
        expired += 1
    return expired
