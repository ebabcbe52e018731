"""Benchmark: import a 20,000-row enterprise workbook in one call, on PostgreSQL.

Prints wall time per phase and the process's maximum RSS (tracemalloc would slow the run). Not a test:
figures are printed, never asserted. Run with `make bench` (uses database anquan_bench).
"""

from __future__ import annotations

import io
import os
import resource
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan_bench")
ROWS = int(os.environ.get("BENCH_ROWS", "20000"))


def ensure_database() -> None:
    import psycopg2

    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    conn = psycopg2.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def main() -> None:
    ensure_database()
    django.setup()
    import openpyxl
    from django.core.management import call_command

    from accounts.models import Agency, User
    from core.models import Region
    from core.reference import load_reference
    from core.uscc import make_uscc
    from enterprises.imports import HEADERS, validate_file, write_rows
    from enterprises.models import Enterprise

    call_command("migrate", verbosity=0)
    load_reference()
    Enterprise.objects.filter(uscc__startswith="91450103").delete()
    agency, _ = Agency.objects.get_or_create(
        name="基准测试局",
        region=Region.objects.get(code="450100"),
        defaults={"kind": "emergency", "comprehensive": True},
    )
    actor, _ = User.objects.get_or_create(username="bench", defaults={"agency": agency, "role": "admin"})

    t0 = time.perf_counter()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("企业信息")
    ws.append(HEADERS)
    towns = ["450103001", "450103002", "450103100"]
    for i in range(ROWS):
        values = {
            "统一社会信用代码": make_uscc("450103", 10_000_000 + i),
            "企业名称": f"基准企业{i}有限公司",
            "区划代码": towns[i % 3],
            "行业代码": "hazchem、gas" if i % 2 else "commerce",
            "安全风险等级": "黄",
            "许可证有效期至": "2028-01-31",
            "主要负责人": "张三",
            "从业人员数": 50 + i % 300,
        }
        ws.append([values.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    size = buffer.tell()
    t1 = time.perf_counter()

    for label in ("first import (all new)", "re-import (all updates)"):
        buffer.seek(0)
        start = time.perf_counter()
        parsed, errors = validate_file(buffer, actor=actor)
        assert not errors, errors[:3]
        validated = time.perf_counter()
        result = write_rows(parsed, actor=actor)
        elapsed = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{label}: {result.rows} rows, created {result.created}, updated {result.updated} "
            f"in {elapsed:.1f} s ({result.rows / elapsed:,.0f} rows/s: validate {validated - start:.1f} s, "
            f"write {elapsed - (validated - start):.1f} s); process max RSS so far {rss:.0f} MB"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"workbook: {ROWS} rows, {size / 1e6:.1f} MB, generated in {t1 - t0:.1f} s; process max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
