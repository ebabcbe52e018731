"""Benchmark: the seed-004 statistics form (and the national one) of a province and of a city over
a large data set, on PostgreSQL. Prints time to compute, time to render the Excel file and the
number of queries; asserts nothing (figures are printed, never asserted).

    make bench-statistics                     # 200,000 enterprises, 1,000,000 hazards
    BENCH_ENTERPRISES=20000 BENCH_HAZARDS=100000 make bench-statistics

The data (database anquan_bench_stats) is made once with INSERT … SELECT generate_series (not the
ORM row by row) and reused by later runs of the same size.
"""

from __future__ import annotations

import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan_bench_stats")
ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", "200000"))
HAZARDS = int(os.environ.get("BENCH_HAZARDS", "1000000"))
INSPECTIONS = HAZARDS // 4


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


def generate(campaign) -> None:
    """Enterprises over 广西's townships, inspections and hazards over three years (SQL only)."""
    from django.db import connection

    from core.models import Industry, Region

    towns = list(Region.objects.filter(level="township", path__startswith="450000/").values_list("id", "path"))
    industries = list(Industry.objects.filter(code__in=["metallurgy", "machinery", "hazchem", "light_industry"]))
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE hazards_hazard, inspections_inspection, enterprises_enterprise_industries CASCADE")
        cur.execute("DELETE FROM enterprises_enterprise")
        town_ids = "ARRAY[" + ",".join(str(t[0]) for t in towns) + "]"
        town_paths = "ARRAY[" + ",".join(f"'{t[1]}'" for t in towns) + "]"
        cur.execute(
            f"""
            INSERT INTO enterprises_enterprise (name, uscc, region_id, region_path, address, legal_representative,
                principal, principal_phone, safety_manager, safety_manager_phone, contact_phone, size,
                licence_number, licence_scope, risk_grade, supervision_class, grid_officer, blacklisted,
                created_at, updated_at)
            SELECT '基准企业' || n, 'B' || lpad(n::text, 17, '0'), ({town_ids})[1 + n %% {len(towns)}],
                ({town_paths})[1 + n %% {len(towns)}], '', '', '', '', '', '', '', 'below', '', '',
                (ARRAY['red','orange','yellow','blue'])[1 + n %% 4], 'average', '', false, now(), now()
            FROM generate_series(1, %s) n
            """,
            [ENTERPRISES],
        )
        ids = "ARRAY[" + ",".join(str(i.pk) for i in industries) + "]"
        cur.execute(
            f"INSERT INTO enterprises_enterprise_industries (enterprise_id, industry_id) "
            f"SELECT id, ({ids})[1 + id % {len(industries)}] FROM enterprises_enterprise"
        )
        cur.execute("SELECT min(id), max(id) FROM enterprises_enterprise")
        low, high = cur.fetchone()
        span = high - low + 1
        cur.execute(
            f"""
            INSERT INTO inspections_inspection (enterprise_id, campaign_id, kind, method, status, conclusion,
                created_at, submitted_at, doc_number, interviewee_name, interviewee_post, review_note)
            SELECT {low} + (n::bigint * 7919) %% {span}, %s,
                (ARRAY['enforcement','self','patrol','spot_check','look_back'])[1 + n %% 5], 'planned',
                CASE WHEN n %% 10 < 8 THEN 'submitted' ELSE 'planned' END, '', now(),
                CASE WHEN n %% 10 < 8 THEN now() - (n %% 1095) * interval '1 day' END, '', '', '', ''
            FROM generate_series(1, %s) n
            """,
            [campaign.pk, INSPECTIONS],
        )
        cur.execute(
            f"""
            INSERT INTO hazards_hazard (enterprise_id, campaign_id, source, description, location, level, category,
                status, found_at, closed_at, deadline, version, responsible_person, measures, executor, acceptor,
                responsibility, contingency_plan, rectified_immediately, listed_level, listed_doc_number,
                listed_on, funds_spent, funds_planned)
            SELECT {low} + (n::bigint * 104729) %% {span}, CASE WHEN n %% 2 = 0 THEN %s END, 'inspection', '隐患' || n, '',
                CASE WHEN n %% 33 = 0 THEN 'major' ELSE 'general' END, '',
                CASE WHEN n %% 10 < 8 THEN 'closed' ELSE 'rectifying' END,
                now() - (n %% 1095) * interval '1 day',
                CASE WHEN n %% 10 < 8 THEN now() - (n %% 1095) * interval '1 day' + interval '9 days' END,
                (now() - (n %% 1095) * interval '1 day' + interval '30 days')::date, 1, '', '整改措施', '', '',
                CASE WHEN n %% 33 = 0 THEN '责任' ELSE '' END, '', n %% 17 = 0,
                CASE WHEN n %% 199 = 0 THEN 'city' ELSE '' END, '',
                CASE WHEN n %% 199 = 0 THEN (now() - (n %% 1095) * interval '1 day')::date END,
                CASE WHEN n %% 10 < 8 THEN (n %% 50) * 1000 END, NULL
            FROM generate_series(1, %s) n
            """,
            [campaign.pk, HAZARDS],
        )
        for table in ("hazards_hazard", "inspections_inspection"):  # their enterprise's region (RegionCopy)
            cur.execute(
                f"UPDATE {table} t SET region_path = e.region_path FROM enterprises_enterprise e "
                "WHERE e.id = t.enterprise_id"
            )
        cur.execute("ANALYZE")
    from hazards.rollup import rollup_rebuild

    rollup_rebuild()  # rows written by SQL bypass the hazard's save, which keeps the rollup
    print(
        f"generated {ENTERPRISES:,} enterprises, {INSPECTIONS:,} inspections, {HAZARDS:,} hazards in {time.perf_counter() - started:.1f} s"
    )


def measure(label: str, form: str, region_code: str, campaign) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import Region
    from reports.renderers.xlsx import render_form_xlsx
    from reports.statistics.forms import live_form
    from reports.statistics.scope import make_scope

    scope = make_scope(region=Region.objects.get(code=region_code), period="total", campaign=campaign)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        data = live_form(form, scope)
        computed = time.perf_counter() - started
    started = time.perf_counter()
    size = len(render_form_xlsx(data))
    rendered = time.perf_counter() - started
    total = next(r for r in data["rows"] if r["kind"] == "total")["values"]
    print(
        f"{label:<28} compute {computed:6.2f} s  queries {len(queries):3d}  render {rendered:5.2f} s  "
        f"xlsx {size / 1024:6.1f} KiB  rows {len(data['rows']):2d}  details {len(data['details']):6,d}  "
        f"hazards found {total.get('general_found', 0) + total.get('major_found', 0):,}"
    )


def main() -> None:
    ensure_database()
    django.setup()
    from django.core.management import call_command

    from accounts.models import Agency, User
    from campaigns.models import Campaign
    from core.models import Industry, Region
    from core.reference import load_reference
    from enterprises.models import Enterprise
    from hazards.models import Hazard

    call_command("migrate", verbosity=0)
    load_reference()
    province = Region.objects.get(code="450000")
    agency, _ = Agency.objects.get_or_create(
        name="基准测试厅", region=province, defaults={"kind": "emergency", "comprehensive": True}
    )
    User.objects.get_or_create(username="bench", defaults={"agency": agency, "role": "admin"})
    campaign, _ = Campaign.objects.get_or_create(
        title="基准测试专项行动",
        defaults={"region": province, "agency": agency, "kind": "special", "period_start": None, "period_end": None},
    )
    campaign.industries.set([Industry.objects.get(code="industry_trade"), Industry.objects.get(code="hazchem")])
    if Enterprise.objects.count() != ENTERPRISES or Hazard.objects.count() != HAZARDS:
        generate(campaign)
    else:
        print(f"reusing {ENTERPRISES:,} enterprises and {HAZARDS:,} hazards")
    for form in ("seed004", "national"):
        measure(f"{form} province (450000)", form, "450000", campaign)
        measure(f"{form} city (450100)", form, "450100", campaign)
        measure(f"{form} county (450102)", form, "450102", campaign)


if __name__ == "__main__":
    main()
