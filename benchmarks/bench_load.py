"""Benchmark: a load run on the province-scale data (database anquan_scale).

Starts gunicorn as docker-compose's web service runs it (production settings, `-w 3`) on
127.0.0.1:8765, then locust headless (benchmarks/locustfile.py) with BENCH_USERS concurrent
officials for BENCH_DURATION over a mix of lists, details, dashboard, to-do and writes. Prints
requests/s, p50/p95 per request and the errors; asserts nothing. Table in var/bench/load.md.

    make bench-load
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan_scale")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DEBUG", "0")
USERS = int(os.environ.get("BENCH_USERS", "20"))
DURATION = os.environ.get("BENCH_DURATION", "60s")
WORKERS = os.environ.get("BENCH_GUNICORN_WORKERS", "3")  # docker-compose.yml's web service
PORT = 8765
OUT = ROOT / "var" / "bench"


def plan() -> Path:
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from enterprises.models import Enterprise
    from hazards.models import Hazard

    officials = []
    for code in ("450000", "450100", None):
        qs = User.objects.filter(username__startswith="scale_", role="inspector", agency__comprehensive=True)
        qs = qs.filter(agency__region__code=code) if code else qs.filter(agency__region__level="county")
        for user in qs.select_related("agency__region").order_by("agency__region__code", "username")[:2]:
            token, _created = Token.objects.get_or_create(user=user)
            officials.append(
                {
                    "username": user.username,
                    "token": token.key,
                    "region": user.agency.region.code,
                    "hazards": list(Hazard.objects.visible_to(user).values_list("pk", flat=True)[:300]),
                    "enterprises": list(
                        Enterprise.objects.visible_to(user).order_by("name", "id").values_list("pk", flat=True)[:300]
                    ),
                }
            )
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "load_plan.json"
    path.write_text(json.dumps({"officials": officials}))
    return path


def wait_up(url: str, proc: subprocess.Popen) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer within 60 s")


def warm_dashboards(plan_data: dict) -> None:
    """The steady state: each official's dashboard was computed within the last 5 minutes
    (DASHBOARD_CACHE_SECONDS). Its first computation is timed and printed, not part of the run."""
    for official in plan_data["officials"]:
        started = time.perf_counter()
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}/api/v1/dashboard/?region={official['region']}",
            headers={"Authorization": f"Token {official['token']}"},
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
        print(
            f"dashboard of {official['username']} answered in {time.perf_counter() - started:.1f} s (computed unless still cached)"
        )


def main() -> None:
    plan_path = plan()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-load-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "BENCH_LOAD_PLAN": str(plan_path),
    }
    bin_dir = Path(sys.executable).parent
    gunicorn = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", WORKERS, "--timeout", "180"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(OUT / "load_gunicorn.log", "w"),
    )
    try:
        wait_up(f"http://127.0.0.1:{PORT}/healthz", gunicorn)
        warm_dashboards(json.loads(plan_path.read_text()))
        prefix = OUT / "load"
        subprocess.run(
            [
                str(bin_dir / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(max(1, USERS // 4)),
                "-t",
                DURATION,
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    lines = [
        f"Load run: {USERS} concurrent officials for {DURATION}, gunicorn -w {WORKERS} on 127.0.0.1 "
        f"(production settings), database {DATABASE_URL.rsplit('/', 1)[1]}.",
        "",
        "| request | requests | errors | req/s | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} |"
        )
    (OUT / "load.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    failures = OUT / "load_failures.csv"
    if failures.exists() and failures.read_text().count("\n") > 1:
        print("\nfailures:\n" + failures.read_text())


if __name__ == "__main__":
    main()
