"""Benchmark: the hazard ledger (隐患台账) exported three ways, side by side in one run, each in its
own process so that its peak memory is its own:

- ours: the download centre's job (values() in primary-key batches, XlsxWriter constant memory, streamed
  to disk);
- (a) the way the old enterprise export worked: model objects, openpyxl in normal mode;
- (b) django-import-export: a ModelResource exported to a tablib Dataset, then to xlsx.

Prints rows/s and peak RSS; asserts nothing. Uses the data of `make bench-statistics` (database
anquan_bench_stats). BENCH_ROWS (default 100000) rows for all three; BENCH_FULL=1 also runs ours on
every hazard (1,000,000 by default).

    make bench-exports
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan_bench_stats")
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))


def _setup():
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User

    call_command("migrate", verbosity=0)

    user, _created = User.objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True, "kind": "official"}
    )
    return user


def _limited(rows: int):
    """The first `rows` hazards by primary key (the same rows for every way)."""
    from hazards.models import Hazard

    last = Hazard.objects.order_by("pk").values_list("pk", flat=True)[rows - 1 : rows].first()
    return {"id_max": last}


def ours(rows: int) -> None:
    import tempfile
    from datetime import timedelta

    from django.utils import timezone

    from hazards.models import Hazard
    from reports.exports.jobs import _rows
    from reports.exports.kinds import HAZARD_LEDGER
    from reports.exports.writer import write_xlsx
    from reports.models import ExportJob

    user = _setup()
    limit = _limited(rows)["id_max"]
    job = ExportJob.objects.create(user=user, kind="hazards", expires_at=timezone.now() + timedelta(days=1))
    qs = Hazard.objects.visible_to(user).filter(pk__lte=limit)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        started = time.perf_counter()
        write_xlsx(handle.name, HAZARD_LEDGER, "隐患台账", _rows(HAZARD_LEDGER, qs, job))
        elapsed = time.perf_counter() - started
        size = os.path.getsize(handle.name)
    job.refresh_from_db()
    _report("ours (constant memory)", job.done, elapsed, size)
    job.delete()


def normal_mode(rows: int) -> None:
    import io

    import openpyxl

    from hazards.models import Hazard

    _setup()
    limit = _limited(rows)["id_max"]
    started = time.perf_counter()
    wb = openpyxl.Workbook()
    ws = wb.active
    n = 0
    for h in Hazard.objects.filter(pk__lte=limit).select_related("enterprise").order_by("pk").iterator(chunk_size=2000):
        ws.append(
            [
                h.pk, h.enterprise.name, h.found_at.replace(tzinfo=None), h.get_source_display(), h.description,
                h.location, h.get_level_display(), h.get_category_display(), h.responsible_person, h.measures,
                h.deadline, h.executor, h.acceptor, h.get_status_display(),
                h.closed_at.replace(tzinfo=None) if h.closed_at else None, h.funds_spent,
                h.get_listed_level_display(), h.listed_doc_number, None,
            ]
        )  # fmt: skip
        n += 1
    out = io.BytesIO()
    wb.save(out)
    _report("(a) normal mode, objects", n, time.perf_counter() - started, len(out.getvalue()))


def import_export(rows: int) -> None:
    _setup()
    from import_export import fields, resources

    from hazards.models import Hazard

    class HazardResource(resources.ModelResource):
        enterprise_name = fields.Field(attribute="enterprise__name", column_name="企业名称")

        class Meta:
            model = Hazard
            fields = (
                "id", "enterprise_name", "found_at", "source", "description", "location", "level", "category",
                "responsible_person", "measures", "deadline", "executor", "acceptor", "status", "closed_at",
                "funds_spent", "listed_level", "listed_doc_number",
            )  # fmt: skip

    limit = _limited(rows)["id_max"]
    started = time.perf_counter()
    dataset = HazardResource().export(Hazard.objects.filter(pk__lte=limit).select_related("enterprise").order_by("pk"))
    content = dataset.export("xlsx")
    _report("(b) django-import-export", len(dataset), time.perf_counter() - started, len(content))


def _report(label: str, rows: int, seconds: float, size: int) -> None:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label:<28} {rows:>9,} rows  {seconds:7.1f} s  {rows / seconds:9,.0f} rows/s  "
        f"peak RSS {rss:7.0f} MB  file {size / 1048576:6.1f} MiB",
        flush=True,
    )


def main() -> None:
    if len(sys.argv) == 3:
        import django

        django.setup()
        {"ours": ours, "normal": normal_mode, "import_export": import_export}[sys.argv[1]](int(sys.argv[2]))
        return
    runs = [("ours", ROWS), ("normal", ROWS), ("import_export", ROWS)]
    if os.environ.get("BENCH_FULL"):
        import django

        django.setup()
        from hazards.models import Hazard

        runs.append(("ours", Hazard.objects.count()))
    for way, rows in runs:
        subprocess.run([sys.executable, __file__, way, str(rows)], check=True)


if __name__ == "__main__":
    main()
