"""Browser: every demo role's home page is its to-do list (待办); the counts shown are the counts
in the database (computed here from the to-do definitions, not from the demo's known sizes), and a
card's link lists that many rows. Screenshots of each role's home, desktop and phone."""

from __future__ import annotations

import re

ROLES = ["nn_official", "gx_admin", "nn_leader", "nn_legal", "ent_user", "expert1"]


def _expected(username: str) -> dict[str, int]:
    from accounts.models import User
    from reports.todo import todo_items

    return {item["key"]: item["count"] for item in todo_items(User.objects.get(username=username))}


def _shown(pg) -> dict[str, int]:
    cards = pg.locator("[data-todo]")
    return {
        cards.nth(i).get_attribute("data-todo"): int(cards.nth(i).locator("[data-todo-count]").inner_text())
        for i in range(cards.count())
    }


def test_each_roles_home_shows_the_database_counts(demo, page, phone_page, login, shot):
    for username in ROLES:
        for pg, device in ((page, "desktop"), (phone_page, "phone")):
            pg.context.clear_cookies()
            login(pg, username)
            pg.goto(f"{pg.base_url}/")
            assert pg.locator("h1").inner_text() == "工作台"
            expected = _expected(username)
            assert expected, username
            assert _shown(pg) == expected, username
            shot(pg, f"home-{username}-{device}")
        page_text = page.content()
        if username == "expert1":
            assert "辖区企业" not in page_text and "本单位报送" not in page_text
        if username == "nn_leader":
            assert page.locator("#home-dashboard-link").get_attribute("href") == "/dashboard/"


def test_a_card_leads_to_a_list_of_as_many_rows(demo, page, login):
    login(page, "nn_official")
    expected = _expected("nn_official")
    page.goto(f"{page.base_url}/")
    key = next((k for k in ("overdue_hazards", "awaiting_acceptance", "major_plan_missing") if expected[k]), None)
    assert key is not None, expected  # the living demo has open hazards in 南宁
    page.locator(f'[data-todo="{key}"] a.stretched-link').click()
    page.wait_for_load_state("networkidle")
    assert f"todo={key}" in page.url
    heading = page.locator("h1").inner_text()
    assert re.search(rf"共 {expected[key]} 条", heading), heading
