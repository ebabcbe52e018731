"""Headers and sessions: Content-Security-Policy and no inline script in any page of the demo,
the production deploy check, the idle timeout, expiry at browser close, and a lockout that an
attacker elsewhere cannot turn against a user."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "anquan2026"


# Content-Security-Policy ----------------------------------------------------------------------


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_send_a_policy_allowing_scripts_from_the_site_only(official_a):
    client = Client()
    for response in (client.get("/accounts/login/"), client.get("/public/report/")):
        policy = directives(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    client.force_login(official_a)
    assert directives(client.get("/enterprises/"))["script-src"] == ["'self'"]


class PageScan(HTMLParser):
    """Inline scripts (a <script> without src, other than JSON data), on* handlers, javascript:
    links; and the page's links to follow."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self.problems.append(f"inline <script {attrs}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "action", "src", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def test_the_scan_finds_inline_scripts_handlers_and_javascript_links():
    scan = PageScan()
    scan.feed(
        '<script>alert(1)</script><script type="application/json">{}</script><script src="/static/a.js"></script>'
        '<select onchange="go()"></select><a href="javascript:void(0)">x</a><a href="/hazards/">y</a>'
    )
    assert len(scan.problems) == 3 and scan.links == ["javascript:void(0)", "/hazards/"]


SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/accounts/logout", "/api/")


def crawl(client, starts, limit) -> tuple[int, list[str]]:
    """Follow the links of the pages (one page per URL pattern) from `starts`; scan each."""
    queue, seen_routes, problems, pages = deque(starts), set(), [], 0
    while queue and pages < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        try:
            route = resolve(path).route
        except Resolver404:
            continue
        if route in seen_routes or path.startswith(SKIP_PREFIXES):
            continue
        seen_routes.add(route)
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}") if response.status_code >= 500 else None
            continue
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        pages += 1
        scan = PageScan()
        scan.feed(response.content.decode())
        problems += [f"{url}: {p}" for p in scan.problems]
        for href in scan.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and not parts.fragment:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages, problems


@pytest.fixture
def demo_data(db):
    from core.demo import load_demo

    load_demo()


@pytest.mark.parametrize(
    "username",
    ["gx_admin", "nn_official", "nn_leader", "nn_legal", "nn_construction", "xn_official", "ent_user", "expert1"],
)
def test_no_page_of_the_demo_has_an_inline_script_or_handler(demo_data, username):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    pages, problems = crawl(client, ["/"], limit=120)
    # Officials reach 35–43 kinds of page in the small demo, the enterprise user 22, the expert 16.
    minimum = {"ent_user": 15, "expert1": 10}.get(username, 25)
    assert pages >= minimum, f"only {pages} pages reached as {username}"
    assert problems == []


def test_no_public_or_error_page_has_an_inline_script(demo_data):
    from accounts.models import User

    pages, problems = crawl(Client(), ["/accounts/login/", "/public/report/", "/public/disclosure/"], limit=20)
    assert pages >= 3 and problems == []
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    pages, problems = crawl(client, ["/", "/no-such-page/", "/admin/", "/api/docs/"], limit=40)
    assert problems == []
    docs = client.get("/api/docs/")
    scan = PageScan()
    scan.feed(docs.content.decode())
    assert docs.status_code == 200 and scan.problems == []


# Production settings --------------------------------------------------------------------------


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "OTP_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="anquan.example.gov.cn",
        DATABASE_URL="sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
        **extra,
    )
    env.pop("REDIS_URL", None)
    # The browser tests set this in the test process (Playwright's event loop); a server never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def test_deploy_check_of_the_production_settings_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_turn_on_https_hsts_and_two_factor_and_the_environment_can_change_them():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.OTP_REQUIRED_FOR_OFFICIALS, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_SECURE]))"
    )

    def values(**extra):
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=production_env(**extra), capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert values() == [True, 31536000, True, True, True, True]
    assert values(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")[:2] == [False, 0]


# Sessions -------------------------------------------------------------------------------------


def set_last_activity(client, seconds_ago: int) -> None:
    session = client.session
    session["last_activity"] = int(time.time()) - seconds_ago
    session.save()


def test_an_official_idle_for_more_than_30_minutes_is_logged_out(official_a):
    client = Client()
    client.force_login(official_a)
    assert client.get("/enterprises/").status_code == 200
    set_last_activity(client, 29 * 60)
    assert client.get("/enterprises/").status_code == 200  # activity moves the mark on
    set_last_activity(client, 31 * 60)
    response = client.get("/enterprises/", {"q": "化工"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert parse_qs(location.query)["next"] == ["/enterprises/?q=%E5%8C%96%E5%B7%A5"]  # 化工, back after login
    assert "长时间未操作" in client.get(response["Location"]).content.decode()
    assert client.get("/enterprises/").status_code == 302


def test_idle_api_session_answers_401(official_a):
    client = Client()
    client.force_login(official_a)
    client.get("/enterprises/")
    set_last_activity(client, 31 * 60)
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 401 and "长时间未操作" in response.json()["detail"]


def test_the_idle_limits_are_settings_and_enterprise_users_have_their_own(official_a, enterprise_user, settings):
    settings.SESSION_IDLE_TIMEOUT_OFFICIALS = 5 * 60
    official, company = Client(), Client()
    official.force_login(official_a)
    company.force_login(enterprise_user)
    for client in (official, company):
        client.get("/enterprises/")
        set_last_activity(client, 31 * 60)
    assert company.get("/enterprises/").status_code == 200  # SESSION_IDLE_TIMEOUT: 2 hours
    set_last_activity(official, 6 * 60)
    assert official.get("/enterprises/").status_code == 302


def test_the_session_cookie_ends_with_the_browser(official_a, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    response = Client().post("/accounts/login/", {"username": "official_a", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert response.status_code == 302 and cookie.value
    assert cookie["expires"] == "" and cookie["max-age"] == ""


# Lockout --------------------------------------------------------------------------------------


def fail(client, username, **meta):
    return client.post("/accounts/login/", {"username": username, "password": "wrong"}, **meta)


def log_in(username, **meta):
    return Client().post("/accounts/login/", {"username": username, "password": PASSWORD}, **meta)


def test_an_attacker_at_another_address_cannot_lock_the_user_out(official_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client()
    for _ in range(10):
        fail(attacker, "official_a", REMOTE_ADDR="203.0.113.66")
    assert log_in("official_a", REMOTE_ADDR="203.0.113.66").status_code == 429
    assert log_in("official_a", REMOTE_ADDR="10.0.0.1")["Location"] == "/"


def test_behind_the_proxy_the_real_address_header_keys_the_lockout(official_a, settings):
    """Everyone reaches the app from the proxy's address; the proxy's X-Real-IP tells them apart."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    attacker = Client()
    for _ in range(5):
        fail(attacker, "official_a", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.66")
    assert log_in("official_a", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.66").status_code == 429
    assert log_in("official_a", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="198.51.100.7")["Location"] == "/"


def test_a_forged_forwarding_header_changes_nothing_unless_a_proxy_is_trusted(official_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client()
    for n in range(3):  # a new forged address each time: still one address, REMOTE_ADDR
        fail(attacker, "official_a", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert log_in("official_a", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_with_trusted_proxies_the_address_is_the_one_the_first_proxy_saw(settings):
    from accounts.lockout import client_ip_address

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip_address(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_ip_address(request) == "198.51.100.7"


def test_one_address_guessing_many_accounts_is_locked_for_all_of_them(official_a, official_a2, leader_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_FAILURE_LIMIT_PER_ADDRESS = 6
    attacker = Client()
    for username in ("official_a", "official_a2", "nobody"):
        for _ in range(2):  # under the per-account limit each time
            fail(attacker, username, REMOTE_ADDR="203.0.113.66")
    assert log_in("leader_a", REMOTE_ADDR="203.0.113.66").status_code == 429
    assert log_in("leader_a", REMOTE_ADDR="10.0.0.1")["Location"] == "/"


def test_logging_in_to_ones_own_account_does_not_reset_the_addresss_count(official_a, official_a2, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_FAILURE_LIMIT_PER_ADDRESS = 4
    attacker = Client()
    for _ in range(2):
        fail(attacker, "official_a2", REMOTE_ADDR="203.0.113.66")
    fail(attacker, "official_a", REMOTE_ADDR="203.0.113.66")
    assert log_in("official_a", REMOTE_ADDR="203.0.113.66")["Location"] == "/"
    for _ in range(2):  # 2 before the login + 2 after: the address's limit
        fail(attacker, "nobody", REMOTE_ADDR="203.0.113.66")
    assert log_in("official_a", REMOTE_ADDR="203.0.113.66").status_code == 429
