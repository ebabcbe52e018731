"""The hazard list of a city official, EXPLAIN ANALYZE before and after (issue 13), on anquan_scale.

Before: the list as it was — jurisdiction reached by joining every hazard to its enterprise, sorted
by found_at with no index, an OFFSET page and a COUNT of the whole set. Reproduced faithfully by
dropping the new indexes inside a transaction that is rolled back (nothing changes on disk).
After: the list's own queries (core.keyset) at page 1 and 250,000 rows deep, and its bounded count.
Prints the plans and writes them to var/bench/explain_hazard_list.txt.

    .venv/bin/python benchmarks/explain_hazard_list.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan_scale"
)
os.environ.setdefault("DEBUG", "0")
CITY = os.environ.get("BENCH_CITY", "450100")


def main() -> None:
    import django

    django.setup()
    from django.db import connection, transaction

    from accounts.models import User
    from core.keyset import after_q, ordering_of
    from hazards.models import Hazard

    user = User.objects.filter(username=f"scale_{CITY}_1").select_related("agency__region").get()
    prefix = user.agency.region.path + "%"
    out: list[str] = []

    def explain(title: str, sql: str, params=()) -> None:
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, list(params))
            plan = "\n".join(row[0] for row in cur.fetchall())
        out.append(f"=== {title}\n{plan}\n")
        print(out[-1], flush=True)

    before_page = (
        "SELECT h.* FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id "
        "WHERE e.region_path LIKE %s ORDER BY h.found_at DESC, h.id DESC LIMIT 50 OFFSET {offset}"
    )
    before_count = (
        "SELECT count(*) FROM hazards_hazard h JOIN enterprises_enterprise e ON e.id = h.enterprise_id "
        "WHERE e.region_path LIKE %s"
    )
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS hazard_found_idx")
            cur.execute("DROP INDEX IF EXISTS hazard_region_found_idx")
        explain("BEFORE: page 1 (join to enterprises, no index on found_at)", before_page.format(offset=0), [prefix])
        explain("BEFORE: page 5,001 (OFFSET 250,000)", before_page.format(offset=250_000), [prefix])
        explain("BEFORE: the count of every page view", before_count, [prefix])
        transaction.set_rollback(True)

    qs = Hazard.objects.visible_to(user).select_related("enterprise")
    keys = ordering_of(qs, ("-found_at", "-id"))
    ordered = qs.order_by("-found_at", "-id")
    page1 = ordered[:51]
    deep = ordered.values_list("found_at", "id")[250_000 - 1 : 250_000][0]
    deep_page = ordered.filter(after_q(keys, list(deep)))[:51]
    for title, query in (("AFTER: page 1 (keyset)", page1), ("AFTER: 250,000 rows deep (keyset)", deep_page)):
        sql, params = query.query.sql_with_params()
        explain(title, sql, params)
    count_sql, count_params = qs.order_by().values("id")[:2001].query.sql_with_params()
    explain(
        "AFTER: the bounded count (at most 2,001 rows, then the planner's estimate)",
        f"SELECT count(*) FROM ({count_sql}) t",
        count_params,
    )

    target = ROOT / "var" / "bench" / "explain_hazard_list.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out))
    print(f"written to {target}")


if __name__ == "__main__":
    main()
