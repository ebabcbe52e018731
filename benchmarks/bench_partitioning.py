"""Does partitioning by year pay? Measured on anquan_scale (issue 13).

Copies hazards_hazard and core_auditentry into tables partitioned by year (PostgreSQL declarative
partitioning, RANGE on found_at / created_at) with the same indexes, then times the queries the
product runs on both, side by side: the hazard list of a city at page 1 and 250,000 rows deep, a
county's overdue hazards, a month's figures of a city (GROUP BY), a year's count, and one hazard's
history (the audit record). Prints p50 per query and table; asserts nothing. The copies are
dropped at the end (BENCH_KEEP=1 keeps them).

    .venv/bin/python benchmarks/bench_partitioning.py
"""

from __future__ import annotations

import os
import statistics
import time

import psycopg2

URL = os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan_scale")
RUNS = int(os.environ.get("BENCH_RUNS", "9"))


def timed(cur, sql, params) -> float:
    cur.execute(sql, params)
    cur.fetchall()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        cur.execute(sql, params)
        cur.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def partitioned_copy(cur, table: str, copy: str, column: str, indexes: list[str]) -> float:
    started = time.perf_counter()
    cur.execute(f"DROP TABLE IF EXISTS {copy}")
    cur.execute(f"SELECT extract(year FROM min({column}))::int, extract(year FROM max({column}))::int FROM {table}")
    first, last = cur.fetchone()
    cur.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING DEFAULTS) PARTITION BY RANGE ({column})")
    for year in range(first, last + 1):
        cur.execute(
            f"CREATE TABLE {copy}_{year} PARTITION OF {copy} FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
        )
    cur.execute(f"INSERT INTO {copy} SELECT * FROM {table}")
    for i, columns in enumerate(indexes):
        cur.execute(f"CREATE INDEX {copy}_i{i} ON {copy} ({columns})")
    cur.execute(f"ANALYZE {copy}")
    return time.perf_counter() - started


def main() -> None:
    conn = psycopg2.connect(URL)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM hazards_hazard")
    hazards = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM core_auditentry")
    audits = cur.fetchone()[0]
    print(f"{hazards:,} hazards, {audits:,} audit entries; p50 of {RUNS} runs after a warm-up\n")
    took = partitioned_copy(
        cur,
        "hazards_hazard",
        "bench_hazard_by_year",
        "found_at",
        [
            "found_at, id",
            "region_path varchar_pattern_ops, found_at, id",
            "status, deadline",
            "enterprise_id, status",
            "campaign_id, status, level",
        ],
    )
    print(f"hazards copied into yearly partitions with their indexes in {took:.0f} s")
    took = partitioned_copy(
        cur, "core_auditentry", "bench_audit_by_year", "created_at", ["object_type, object_id", "id"]
    )
    print(f"audit entries copied into yearly partitions with their indexes in {took:.0f} s\n")

    cur.execute("SELECT path FROM core_region WHERE code = '450100'")
    city = cur.fetchone()[0] + "%"
    cur.execute("SELECT path FROM core_region WHERE level = 'county' AND path LIKE %s ORDER BY code LIMIT 1", [city])
    county = cur.fetchone()[0] + "%"
    cur.execute(
        "SELECT found_at, id FROM hazards_hazard WHERE region_path LIKE %s "
        "ORDER BY found_at DESC, id DESC OFFSET 250000 LIMIT 1",
        [city],
    )
    deep = cur.fetchone()
    cur.execute("SELECT max(found_at) FROM hazards_hazard")
    newest = cur.fetchone()[0]
    cur.execute(
        "SELECT object_type, object_id FROM core_auditentry WHERE object_type = 'hazards.hazard' ORDER BY id DESC LIMIT 1"
    )
    history_of = cur.fetchone()

    queries = [
        (
            "city hazard list, page 1",
            "SELECT * FROM {h} WHERE region_path LIKE %s ORDER BY found_at DESC, id DESC LIMIT 50",
            [city],
        ),
        (
            "city hazard list, 250,000 deep",
            "SELECT * FROM {h} WHERE region_path LIKE %s AND found_at <= %s AND (found_at, id) < (%s, %s) "
            "ORDER BY found_at DESC, id DESC LIMIT 50",
            [city, deep[0], deep[0], deep[1]] if deep else [city, newest, newest, 0],
        ),
        (
            "county overdue hazards, page 1",
            "SELECT * FROM {h} WHERE region_path LIKE %s AND status <> 'closed' AND deadline < current_date "
            "ORDER BY found_at DESC, id DESC LIMIT 50",
            [county],
        ),
        (
            "city figures of the last month (GROUP BY level, status)",
            "SELECT level, status, count(*) FROM {h} WHERE region_path LIKE %s "
            "AND found_at >= date_trunc('month', %s::timestamptz) GROUP BY level, status",
            [city, newest],
        ),
        (
            "city hazards found this year (count)",
            "SELECT count(*) FROM {h} WHERE region_path LIKE %s AND found_at >= date_trunc('year', %s::timestamptz)",
            [city, newest],
        ),
        (
            "one hazard's history (audit record)",
            "SELECT * FROM {a} WHERE object_type = %s AND object_id = %s ORDER BY id",
            list(history_of),
        ),
    ]
    print(f"{'query':<58} {'plain':>10} {'by year':>10}")
    lines = ["| query | plain table p50 ms | partitioned by year p50 ms |", "| --- | ---: | ---: |"]
    for label, sql, params in queries:
        plain = timed(cur, sql.format(h="hazards_hazard", a="core_auditentry"), params)
        parted = timed(cur, sql.format(h="bench_hazard_by_year", a="bench_audit_by_year"), params)
        print(f"{label:<58} {plain:8.1f} ms {parted:8.1f} ms", flush=True)
        lines.append(f"| {label} | {plain:.1f} | {parted:.1f} |")
    if not os.environ.get("BENCH_KEEP"):
        cur.execute("DROP TABLE bench_hazard_by_year")
        cur.execute("DROP TABLE bench_audit_by_year")
    target = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "bench")
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "partitioning.md"), "w") as out:
        out.write(f"{hazards:,} hazards, {audits:,} audit entries.\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
