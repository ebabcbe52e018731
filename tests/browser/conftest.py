"""Browser-test harness: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures: `demo` (the demo data, all loaders), `browser` (one headless Chromium per session),
`page` (desktop 1366×900), `phone_page` (390×844, touch), `login(page, username)`, and
`shot(page, name)` which saves a full-page PNG under test-artifacts/screenshots/ (CI prints
that folder's path; look at the pictures).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are
# ordinary synchronous code, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def demo(transactional_db):
    """The full demo data set (regions, agencies, accounts, enterprises, seed campaigns …)."""
    from core.demo import load_demo

    load_demo()


def _new_page(browser, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    context, pg = _new_page(browser, viewport={"width": 1366, "height": 900})
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, pg = _new_page(
        browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def login():
    def do_login(pg, username: str, password: str = "anquan2026"):
        pg.goto(f"{pg.base_url}/accounts/login/")
        pg.fill("#id_username", username)
        pg.fill("#id_password", password)
        pg.click("button[type=submit]")
        pg.wait_for_load_state("networkidle")
        assert "/accounts/login/" not in pg.url, f"login as {username} failed"

    return do_login


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(pg, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take
