from __future__ import annotations


def test_login_page_renders_in_chinese_and_logs_in(demo, page, login, shot):
    page.goto(f"{page.base_url}/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    shot(page, "00-login")
    login(page, "nn_official")
    assert "工作台" in page.content()
    shot(page, "01-home-nn_official")
