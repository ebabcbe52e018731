"""Two real server processes (gunicorn) on the test database and the Redis cache, as in production.

What one process cannot show: the public report's captcha is single-use and its rate limit is
counted across every server, because both live in the shared Redis cache (a per-process cache
would let a reporter reuse a token or multiply the limit by the number of workers); and a server
holding a persistent database connection survives that connection being killed (a database
restart or failover), because reused connections are health-checked.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from hazards.models import PublicReport

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, data: dict | None = None) -> tuple[int, dict]:
    body = None if data is None else json.dumps(data).encode()
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw or b"{}")
        except ValueError:
            return e.code, {"raw": raw[:200].decode(errors="replace")}


@contextlib.contextmanager
def _servers(count: int, **extra_env):
    """`count` gunicorn processes (one sync worker each) on the test database and this run's cache keys."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "REDIS_URL": settings.REDIS_URL,
        **extra_env,
    }
    procs, urls = [], []
    try:
        for _ in range(count):
            port = _free_port()
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "-t", "60"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for proc, url in zip(procs, urls, strict=True):
            deadline = time.time() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"server {url} exited during start-up")
                try:
                    if _request(f"{url}/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise RuntimeError(f"server {url} did not answer within 60 s")
                time.sleep(0.3)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _report(url: str, token: str, answer: str, n: int) -> tuple[int, dict]:
    return _request(
        f"{url}/api/v1/public/reports/",
        {
            "description": f"仓库消防通道被货物堵塞 {n}",
            "location": "厂区东门",
            "region": "450102",
            "industry": "hazchem",
            "captcha_token": token,
            "captcha_answer": answer,
        },
    )


def _captcha(url: str) -> tuple[str, str]:
    status, data = _request(f"{url}/api/v1/public/captcha/")
    assert status == 200
    a, b = data["question"].split(" = ")[0].split(" + ")
    return data["token"], str(int(a) + int(b))


def test_a_captcha_used_on_one_server_is_refused_by_the_other(agency_a):
    with _servers(2) as (first, second):
        token, answer = _captcha(first)
        status, body = _report(first, token, answer, 1)
        assert status == 201, body
        status, body = _report(second, token, answer, 2)
    assert status == 400
    assert body["field"] == "captcha_answer" and "已使用" in body["detail"]
    assert PublicReport.objects.count() == 1


def test_the_rate_limit_is_counted_across_both_servers(agency_a):
    limit = settings.PUBLIC_REPORT_RATE_LIMIT
    with _servers(2) as urls:
        codes = []
        for n in range(limit + 1):
            url = urls[n % 2]  # alternate: each server alone sees fewer than the limit
            token, answer = _captcha(url)
            codes.append(_report(url, token, answer, n)[0])
    assert codes == [201] * limit + [429]
    assert PublicReport.objects.count() == limit


def _kill_server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_server_reconnects_after_its_database_connection_is_killed():
    with _servers(1, DB_CONN_MAX_AGE="600") as (url,):
        assert _request(f"{url}/healthz")[0] == 200
        assert _kill_server_connections() >= 1  # the server's persistent connection
        status, _ = _request(f"{url}/healthz")
    assert status == 200


def test_without_health_checks_the_killed_connection_fails_the_next_request():
    """The fault above is real: the same steps with the check switched off answer 500."""
    with _servers(1, DB_CONN_MAX_AGE="600", DB_CONN_HEALTH_CHECKS="0") as (url,):
        assert _request(f"{url}/healthz")[0] == 200
        assert _kill_server_connections() >= 1
        status, _ = _request(f"{url}/healthz")
    assert status == 500
