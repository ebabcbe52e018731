"""Browser: the long lists page by keyset — 下一页 / 上一页 and a jump to a name or a date — on the
desktop and the phone (screenshots lists-*)."""

from __future__ import annotations

import re

from enterprises.models import Enterprise


def _names(page) -> list[str]:
    return page.locator("#enterprise-table tbody td.card-title a").all_inner_texts()


def test_enterprise_list_pages_forward_back_and_jumps_to_a_name(demo, page, login, shot):
    login(page, "nn_official")
    page.goto(f"{page.base_url}/enterprises/")
    first = _names(page)
    assert len(first) == 30 and first == sorted(first)
    assert page.locator("a[rel=prev]").count() == 0
    shot(page, "lists-01-enterprises-first")
    page.click("a[rel=next]")
    page.wait_for_load_state("networkidle")
    assert "cursor=" in page.url
    second = _names(page)
    assert second and min(second) >= max(first) and not set(second) & set(first)
    shot(page, "lists-02-enterprises-next")
    page.click("a[rel=prev]")
    page.wait_for_load_state("networkidle")
    assert _names(page) == first

    target = Enterprise.objects.order_by("name").values_list("name", flat=True)[40]
    page.fill("#list-jump", target)
    page.click(".list-jump button[type=submit]")
    page.wait_for_load_state("networkidle")
    jumped = _names(page)
    assert jumped[0] == target and all(name >= target for name in jumped)
    assert page.locator("a[rel=prev]").count() == 1
    shot(page, "lists-03-enterprises-jump")


def test_hazard_list_jumps_to_a_date_on_the_phone(demo, phone_page, login, shot):
    from django.utils import timezone

    from hazards.models import Hazard

    login(phone_page, "nn_official")
    dates = sorted({timezone.localtime(h.found_at).date() for h in Hazard.objects.all()})
    middle = dates[len(dates) // 2]
    phone_page.goto(f"{phone_page.base_url}/hazards/")
    phone_page.fill("#list-jump", middle.isoformat())
    phone_page.click(".list-jump button[type=submit]")
    phone_page.wait_for_load_state("networkidle")
    assert f"from={middle.isoformat()}" in phone_page.url
    shown = phone_page.locator("#hazard-table tbody td[data-label='发现日期']").all_inner_texts()
    assert shown and all(text.strip() <= middle.isoformat() for text in shown)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown[0].strip())
    shot(phone_page, "lists-04-hazards-jump-phone")
