"""Benchmark: the lists, the home page and the dashboard at province scale, side by side in one run.

Data: `manage.py generate_scale_data` in database anquan_scale (BENCH_SCALE_DATABASE_URL), e.g.
1,000,000 enterprises and 5,000,000 hazards. For a county, a city and the province official:

- the hazard, enterprise and inspection lists through our API (keyset pages), at page 1 and a page
  BENCH_DEPTH (250,000) rows deep (or as deep as the official's list goes), against
  - the same rows by raw keyset SQL + `json.dumps` (the floor), and
  - DRF's plain `ModelViewSet` + `PageNumberPagination` on the same scoped querysets (the usual way);
- the same lists as HTML pages, with their number of queries;
- the home page (待办) and the dashboard (数据驾驶舱) of the official's region.

Everything runs in this one process through Django's test client (as the issue's figures were
measured), BENCH_RUNS times after one warm-up; prints p50 / p95 and the ratios, asserts nothing.
The table is also written to var/bench/lists.md.

    make bench-lists
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan_scale"
)
os.environ.setdefault("DEBUG", "0")
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "3"))
ONLY = os.environ.get("BENCH_ONLY", "")  # "figures": the home page, dashboard and statistics form only
DEPTH = int(os.environ.get("BENCH_DEPTH", "250000"))
PER_PAGE = 50
OUT = HERE.parent / "var" / "bench" / "lists.md"

LISTS = {
    # name: (table, keyset columns with direction, API path, HTML path, plain DRF path)
    "hazards": ("hazards_hazard", [("found_at", True), ("id", True)], "/api/v1/hazards/", "/hazards/"),
    "enterprises": (
        "enterprises_enterprise",
        [("name", False), ("id", False)],
        "/api/v1/enterprises/",
        "/enterprises/",
    ),
    "inspections": (
        "inspections_inspection",
        [("created_at", True), ("id", True)],
        "/api/v1/inspections/",
        "/inspections/",
    ),
}


def timed(fn, runs=RUNS) -> tuple[float, float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


def _keyset_sql(table: str, keys, depth_row) -> tuple[str, list]:
    order = ", ".join(f"t.{c} {'DESC' if d else 'ASC'}" for c, d in keys)
    where, params = "t.region_path LIKE %s", []
    if depth_row is not None:
        op = "<" if keys[0][1] else ">"
        cols = ", ".join(f"t.{c}" for c, _d in keys)
        where += f" AND ({cols}) {op} ({', '.join(['%s'] * len(keys))})"
        params = list(depth_row)
    return f"SELECT t.* FROM {table} t WHERE {where} ORDER BY {order} LIMIT {PER_PAGE}", params


def deep_position(table: str, keys, prefix: str) -> tuple[int, tuple | None]:
    """The sort values of the row BENCH_DEPTH rows into the official's list (or the deepest page)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE region_path LIKE %s", [prefix + "%"])
        total = cur.fetchone()[0]
        depth = max(0, min(DEPTH, total - PER_PAGE))
        if depth == 0:
            return 0, None
        order = ", ".join(f"{c} {'DESC' if d else 'ASC'}" for c, d in keys)
        cols = ", ".join(c for c, _d in keys)
        cur.execute(
            f"SELECT {cols} FROM {table} WHERE region_path LIKE %s ORDER BY {order} OFFSET %s LIMIT 1",
            [prefix + "%", depth - 1],
        )
        return depth, cur.fetchone()


def raw_page(table: str, keys, prefix: str, position) -> int:
    from django.db import connection

    sql, params = _keyset_sql(table, keys, position)
    with connection.cursor() as cur:
        cur.execute(sql, [prefix + "%", *params])
        names = [c.name for c in cur.description]
        body = json.dumps([dict(zip(names, row, strict=True)) for row in cur.fetchall()], default=str)
    return len(body)


def live_group_by(prefix: str) -> int:
    """What a dashboard without rollups runs: the hazards of the region grouped by level, status and
    the month found (one of the several GROUP BYs a dashboard needs)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT level, status, date_trunc('month', found_at), count(*), sum(funds_spent) FROM hazards_hazard "
            "WHERE region_path LIKE %s GROUP BY 1, 2, 3",
            [prefix + "%"],
        )
        return len(cur.fetchall())


def officials():
    from accounts.models import User

    found = {}
    for level, code in (("county", None), ("city", "450100"), ("province", "450000")):
        qs = User.objects.filter(username__startswith="scale_", role="inspector", agency__comprehensive=True)
        qs = qs.filter(agency__region__code=code) if code else qs.filter(agency__region__level="county")
        user = qs.select_related("agency__region").order_by("agency__region__code", "username").first()
        if user is None:
            sys.exit("no scale_ officials: run manage.py generate_scale_data into anquan_scale first")
        found[level] = user
    return found


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from core.keyset import encode_cursor

    rows = []

    def add(label, p50, p95, note=""):
        rows.append((label, p50, p95, note))
        print(f"{label:<58} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  {note}", flush=True)

    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM enterprises_enterprise), (SELECT count(*) FROM hazards_hazard)")
        enterprises, hazards = cur.fetchone()
    print(f"data: {enterprises:,} enterprises, {hazards:,} hazards; {RUNS} runs each after a warm-up\n")

    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for level, user in officials().items():
            client = Client()
            client.force_login(user)
            prefix = user.agency.region.path
            print(f"--- {level}: {user.username} ({user.agency.name})")
            for name, (table, keys, api, html) in LISTS.items() if ONLY != "figures" else ():
                depth, position = deep_position(table, keys, prefix)
                for where, pos in (("page 1", None), (f"{depth:,} deep", position)):
                    if where != "page 1" and pos is None:
                        continue
                    cursor = "" if pos is None else encode_cursor(list(pos), False)
                    q = f"?cursor={cursor}" if cursor else ""
                    raw50, raw95, _ = timed(lambda t=table, k=keys, p=pos, pre=prefix: raw_page(t, k, pre, p))
                    ours50, ours95, response = timed(lambda u=api + q, c=client: c.get(u))
                    assert response.status_code == 200, (api, response.status_code)
                    with CaptureQueriesContext(connection) as queries:
                        client.get(api + q)
                    page = depth // PER_PAGE + 1 if pos is not None else 1
                    plain50, plain95, plain = timed(
                        lambda n=name, p=page, c=client: c.get(f"/bench-plain/{n}/?page={p}")
                    )
                    assert plain.status_code == 200, plain.status_code
                    html50, html95, page_html = timed(lambda u=html + q, c=client: c.get(u))
                    assert page_html.status_code == 200, page_html.status_code
                    with CaptureQueriesContext(connection) as html_queries:
                        client.get(html + q)
                    label = f"{level} {name} {where}"
                    add(f"{label}: raw keyset SQL + json", raw50, raw95)
                    add(
                        f"{label}: our API",
                        ours50,
                        ours95,
                        f"{ours95 / raw95:5.1f}x raw p95, {len(queries)} queries",
                    )
                    add(f"{label}: plain DRF page {page:,}", plain50, plain95, f"{plain95 / ours95:5.1f}x ours p95")
                    add(f"{label}: our HTML page", html50, html95, f"{len(html_queries)} queries")
            home50, home95, home = timed(lambda c=client: c.get("/"))
            assert home.status_code == 200
            add(f"{level} home page (待办)", home50, home95)
            region = user.agency.region.code
            for label, path, params in (
                ("dashboard (数据驾驶舱)", "/dashboard/", {"region": region}),
                (
                    "statistics form (统计报表, live)",
                    "/reports/statistics/",
                    {"region": region, "form": "national", "period": "total"},
                ),
            ):
                with override_settings(DASHBOARD_CACHE_SECONDS=0):
                    c50, c95, cold = timed(lambda p=path, q=params, c=client: c.get(p, q), runs=COLD_RUNS)
                assert cold.status_code == 200, (path, cold.status_code)
                add(f"{level} {label}, computed", c50, c95, "from the rollup (hazard figures) and live counts")
                if path == "/dashboard/":
                    w50, w95, _ = timed(lambda p=path, q=params, c=client: c.get(p, q))
                    add(f"{level} {label}, cached (≤ 5 min old)", w50, w95)
            g50, g95, _ = timed(lambda pre=prefix: live_group_by(pre), runs=COLD_RUNS)
            add(
                f"{level} live GROUP BY over hazards (level × status × month)", g50, g95, "the usual way, for reference"
            )
            print()

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as out:
        out.write(f"Data: {enterprises:,} enterprises, {hazards:,} hazards. {RUNS} runs after a warm-up.\n\n")
        out.write("| request | p50 ms | p95 ms | note |\n| --- | ---: | ---: | --- |\n")
        for label, p50, p95, note in rows:
            out.write(f"| {label} | {p50:.1f} | {p95:.1f} | {note} |\n")
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
