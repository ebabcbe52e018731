"""用户管理 in the browser: gx_admin opens an account with the agency picker, the new user changes
the initial password at first login; the list as cards on the phone."""

from __future__ import annotations

from tests.browser.pickers import pick

PASSWORD = "Lv7#qrTz2026"


def test_admin_opens_an_account_and_the_user_changes_the_initial_password(demo, browser, page, login, shot):
    from accounts.models import User

    login(page, "gx_admin")
    page.click("#nav-users")
    page.wait_for_load_state("networkidle")
    assert "/accounts/users/" in page.url
    table = page.locator("#user-table").inner_text()
    assert "nn_official" in table and "expert1" in table
    shot(page, "users-01-list")

    page.click("#user-create")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_enterprise").is_hidden()  # official by default: enterprise fields hidden
    page.fill("#id_username", "nn_new")
    page.fill("#id_display_name", "韦新宇")
    pick(page, "id_agency", "兴宁", "兴宁区应急管理局")
    page.select_option("#id_role", "inspector")
    page.fill("#id_cert_number", "GX45010777")
    page.fill("#id_cert_valid_until", "2030-12-31")
    page.check("#id_password_mode_1")
    assert page.locator("#id_password").is_visible()
    page.fill("#id_password", PASSWORD)
    shot(page, "users-02-create-form")
    page.click("#user-save")
    page.wait_for_load_state("networkidle")
    user = User.objects.get(username="nn_new")
    assert user.agency.name == "兴宁区应急管理局" and user.must_change_password
    assert "已开设账号" in page.content()
    shot(page, "users-03-created")

    # An enterprise user: the enterprise picker appears with the kind.
    page.goto(f"{page.base_url}/accounts/users/new/")
    page.click("label[for=kind-enterprise]")
    assert page.locator("#id_agency").is_hidden() or not page.locator("#id_agency-ts-control").is_visible()
    page.fill("#id_username", "yj_safety")
    page.fill("#id_display_name", "周安全员")
    page.fill("#id_email", "yj@example.com")
    pick(page, "id_enterprise", "邕江", "南宁邕江化工有限公司")
    page.click("h1")  # close the picker's dropdown
    with page.expect_navigation():
        page.click("#user-save")
    import re as _re

    assert page.locator("#password-link").is_visible(), _re.findall(r'role="alert">[^<]*<', page.content())
    assert "/accounts/password/set/" in page.locator("#password-link input").input_value()
    shot(page, "users-04-link-shown-once")

    # The new official logs in and is sent to change the password first.
    other = browser.new_context(locale="zh-CN")
    first = other.new_page()
    first.base_url = page.base_url
    first.goto(f"{page.base_url}/accounts/login/")
    first.fill("#id_username", "nn_new")
    first.fill("#id_password", PASSWORD)
    first.click("button[type=submit]")
    first.wait_for_load_state("networkidle")
    assert "/accounts/password/" in first.url and first.locator("#must-change-password").is_visible()
    shot(first, "users-05-forced-password-change")
    first.fill("#id_old_password", PASSWORD)
    first.fill("#id_new_password1", "Qm8$wertY2027")
    first.fill("#id_new_password2", "Qm8$wertY2027")
    first.click("button:has-text('保存')")
    first.wait_for_load_state("networkidle")
    first.goto(f"{page.base_url}/")
    assert "/accounts/password/" not in first.url
    other.close()
    user.refresh_from_db()
    assert not user.must_change_password


def test_user_list_and_create_form_on_the_phone(demo, phone_page, login, shot):
    login(phone_page, "gx_admin")
    phone_page.goto(f"{phone_page.base_url}/accounts/users/?kind=official")
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.locator("#user-table thead").is_hidden()  # cards, no header row
    first = phone_page.locator("#user-table tbody tr").first
    assert first.bounding_box()["width"] <= 390
    shot(phone_page, "users-06-list-phone")
    phone_page.goto(f"{phone_page.base_url}/accounts/users/new/")
    phone_page.wait_for_load_state("networkidle")
    phone_page.click("label[for=kind-expert]")
    assert phone_page.locator("#id_organisation").is_visible()
    shot(phone_page, "users-07-create-form-phone")
