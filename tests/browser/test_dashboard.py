"""Browser: the 数据驾驶舱 of 南宁 draws its charts (canvas, no console error), a click on a chart's
bar lands on the list of its rows with the same count, a sub-region row opens the district's
dashboard; desktop, phone and 大屏 screenshots, and the campaign page's dashboard section."""

from __future__ import annotations

import re

CHARTS = [
    "chart-level",
    "chart-status",
    "chart-major",
    "chart-coverage",
    "chart-trend",
    "chart-industry",
    "chart-regions",
]


def _watch(pg) -> list[str]:
    """Console errors and uncaught exceptions of the page (the site has no favicon: answered empty)."""
    pg.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _charts_drawn(pg) -> None:
    pg.wait_for_selector("#chart-trend canvas")
    for chart in CHARTS:
        assert pg.locator(f"#{chart} canvas").count() >= 1, chart


def test_dashboard_charts_and_a_drill_down_click(demo, page, login, shot):
    errors = _watch(page)
    login(page, "nn_official")
    page.click("#nav-dashboard")
    page.wait_for_load_state("networkidle")
    assert "/dashboard/" in page.url
    _charts_drawn(page)
    assert "南宁市" in page.locator("h1").inner_text()
    shot(page, "dash-01-desktop-nn_official")

    data = page.evaluate("JSON.parse(document.getElementById('dashboard-data').textContent)")
    index, figure = next((i, f) for i, f in enumerate(data["by_status"]) if f["value"])
    x, y = page.evaluate(
        "([i, v]) => window.dashboardCharts['chart-status'].convertToPixel({seriesIndex: 0}, [i, v / 2])",
        [index, figure["value"]],
    )
    box = page.locator("#chart-status").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(r"/hazards/\?stat=status_"))
    page.wait_for_load_state("networkidle")
    banner = page.locator("#drill-banner").inner_text()
    assert f"共 {figure['value']} 条" in banner, banner
    shot(page, "dash-04-drill-down-hazards")

    page.go_back()
    page.wait_for_load_state("networkidle")
    page.locator('#dash-table tr[data-row="450102"] a.dash-drill-region').click()
    page.wait_for_load_state("networkidle")
    assert "region=450102" in page.url
    _charts_drawn(page)
    assert "兴宁区" in page.locator("#dash-breadcrumbs").inner_text()
    shot(page, "dash-05-desktop-county-enterprises")
    assert errors == [], errors


def test_dashboard_on_a_phone_and_in_screen_mode(demo, page, phone_page, login, shot):
    errors = _watch(phone_page)
    login(phone_page, "nn_leader")
    phone_page.goto(f"{phone_page.base_url}/dashboard/")
    _charts_drawn(phone_page)
    width = phone_page.evaluate("document.querySelector('#chart-trend canvas').getBoundingClientRect().width")
    assert width <= 390
    shot(phone_page, "dash-02-phone-nn_leader")
    assert errors == [], errors

    errors = _watch(page)
    login(page, "nn_official")
    page.goto(f"{page.base_url}/dashboard/?region=450100&screen=1")
    _charts_drawn(page)
    assert not page.locator(".app-navbar").is_visible()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(300)  # the charts resize after the window's resize event (debounced)
    width = page.evaluate("document.querySelector('#chart-trend canvas').getBoundingClientRect().width")
    assert width > 1000
    shot(page, "dash-03-screen-mode")
    assert errors == [], errors


def test_campaign_page_dashboard_section(demo, page, login, shot):
    from campaigns.models import Campaign
    from inspections.demo import DEMO_CAMPAIGN_TITLE

    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
    login(page, "nn_official")
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/")
    section = page.locator("#campaign-dashboard")
    assert section.is_visible()
    section.scroll_into_view_if_needed()
    shot(page, "dash-06-campaign-section")
    page.click("#campaign-dashboard-link")
    page.wait_for_load_state("networkidle")
    assert f"campaign={campaign.pk}" in page.url
    _charts_drawn(page)
