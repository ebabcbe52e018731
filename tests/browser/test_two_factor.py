"""Two-factor login in the browser: enrolment with its QR code, the backup codes, the login's
second step (desktop and phone), with no Content-Security-Policy complaint in the console."""

from __future__ import annotations

import pytest

from accounts import otp


def csp_errors(pg) -> list[str]:
    messages: list[str] = []
    pg.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


@pytest.fixture(autouse=True)
def _no_device_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_enrolment_shows_the_qr_code_and_backup_codes_then_login_asks_for_the_code(demo, page, login, shot):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    errors = csp_errors(page)
    login(page, "nn_official")
    page.click("[data-testid=nav-security]")
    page.get_by_role("link", name="启用两步验证").click()
    qr = page.locator("[data-testid=otp-qr] svg")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 150
    key = page.locator("[data-testid=otp-key]").inner_text()
    shot(page, "two_factor_enrolment_desktop")
    device = TOTPDevice.objects.get(user__username="nn_official", confirmed=False)
    assert key.replace(" ", "") == otp.manual_key(device).replace(" ", "")
    page.fill("#id_code", "000000")
    page.click("button[type=submit]")
    assert "验证码不正确" in page.locator(".invalid-feedback").inner_text()
    page.fill("#id_code", otp.current_code(device))
    page.click("button[type=submit]")
    codes = page.locator("[data-testid=backup-code]").all_inner_texts()
    assert len(codes) == 10
    shot(page, "two_factor_backup_codes_desktop")
    page.get_by_role("link", name="我已保存，继续").click()
    assert "已启用" in page.locator("[data-testid=otp-settings]").inner_text()

    page.click("nav button:has-text('退出')")
    page.fill("#id_username", "nn_official")
    page.fill("#id_password", "anquan2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/login/verify/")
    shot(page, "two_factor_second_step_desktop")
    page.fill("#id_code", codes[0])
    page.click("button[type=submit]")
    page.wait_for_url(f"{page.base_url}/")
    assert errors == []


def test_second_step_on_a_phone(demo, phone_page, shot):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.otp_demo import USERNAME

    pg = phone_page
    errors = csp_errors(pg)
    pg.goto(f"{pg.base_url}/accounts/login/")
    pg.fill("#id_username", USERNAME)
    pg.fill("#id_password", "anquan2026")
    pg.click("button[type=submit]")
    pg.wait_for_url("**/accounts/login/verify/")
    assert pg.locator("#id_code").is_visible()
    shot(pg, "two_factor_second_step_phone")
    pg.fill("#id_code", "123")
    pg.click("button[type=submit]")
    assert "验证码错误" in pg.locator(".invalid-feedback").inner_text()
    device = TOTPDevice.objects.get(user__username=USERNAME, confirmed=True)
    pg.fill("#id_code", otp.current_code(device))
    pg.click("button[type=submit]")
    pg.wait_for_url(f"{pg.base_url}/")
    assert errors == []


def test_enrolment_on_a_phone(demo, phone_page, login, shot):
    pg = phone_page
    errors = csp_errors(pg)
    login(pg, "ent_user")
    pg.goto(f"{pg.base_url}/accounts/two-factor/setup/")
    qr = pg.locator("[data-testid=otp-qr] svg")
    box = qr.bounding_box()
    assert qr.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(pg, "two_factor_enrolment_phone")
    assert errors == []


def test_behaviours_moved_out_of_inline_handlers_still_work(demo, page, login):
    """The language switch (data-autosubmit) and the error page's back button (data-history-back),
    formerly onchange/onclick attributes, now in static/js/app.js; no CSP complaint."""
    errors = csp_errors(page)
    login(page, "nn_official")
    page.goto(f"{page.base_url}/enterprises/")
    with page.expect_navigation():
        page.select_option("footer select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en" and page.url.endswith("/enterprises/")
    with page.expect_navigation():
        page.select_option("footer select[name=language]", "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.goto(f"{page.base_url}/no-such-page/")
    page.get_by_role("button", name="返回上一页").click()
    page.wait_for_url(f"{page.base_url}/enterprises/")
    assert errors == []
