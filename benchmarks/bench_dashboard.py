"""Benchmark: the 数据驾驶舱 page (/dashboard/) of a city over the statistics benchmark's data
(database anquan_bench_stats, made by benchmarks/bench_statistics.py's generator when missing or
of another size). Prints the p50 (and min / max) time of the whole page and its number of queries,
for the city (450100), with and without the campaign, and a county (450102); asserts nothing.

    make bench-dashboard
    BENCH_ENTERPRISES=20000 BENCH_HAZARDS=100000 make bench-dashboard
"""

from __future__ import annotations

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_statistics as data

RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def measure(client, label: str, params: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/dashboard/", params)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    found = response.context["data"]["figures"]["hazards_found"]["value"]
    print(
        f"{label:<34} p50 {statistics.median(times):6.3f} s  min {min(times):6.3f} s  max {max(times):6.3f} s  "
        f"queries {queries:3d}  hazards found {found:,}"
    )


def main() -> None:
    data.ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import Agency, User
    from campaigns.models import Campaign
    from core.models import Industry, Region
    from core.reference import load_reference
    from enterprises.models import Enterprise
    from hazards.models import Hazard

    setup_test_environment()  # response.context, and "testserver" allowed
    call_command("migrate", verbosity=0)
    load_reference()
    province = Region.objects.get(code="450000")
    agency, _ = Agency.objects.get_or_create(
        name="基准测试厅", region=province, defaults={"kind": "emergency", "comprehensive": True}
    )
    user, _ = User.objects.get_or_create(username="bench", defaults={"agency": agency, "role": "admin"})
    campaign, _ = Campaign.objects.get_or_create(
        title="基准测试专项行动",
        defaults={"region": province, "agency": agency, "kind": "special", "period_start": None, "period_end": None},
    )
    campaign.industries.set([Industry.objects.get(code="industry_trade"), Industry.objects.get(code="hazchem")])
    if Enterprise.objects.count() != data.ENTERPRISES or Hazard.objects.count() != data.HAZARDS:
        data.generate(campaign)
    else:
        print(f"reusing {data.ENTERPRISES:,} enterprises and {data.HAZARDS:,} hazards")
    client = Client()
    client.force_login(user)
    print(f"{RUNS} runs each, the whole page (figures, charts' data, template)")
    measure(client, "city 450100, campaign, 累计", {"region": "450100", "campaign": campaign.pk})
    measure(client, "city 450100, no campaign, 累计", {"region": "450100"})
    measure(client, "county 450102, campaign, 累计", {"region": "450102", "campaign": campaign.pk})
    measure(client, "province 450000, campaign, 累计", {"region": "450000", "campaign": campaign.pk})


if __name__ == "__main__":
    main()
