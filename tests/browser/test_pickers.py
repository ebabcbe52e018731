"""Search-as-you-type and tree pickers in the browser; lists as cards on the phone."""

from __future__ import annotations

from tests.browser.pickers import pick, pick_in_tree


def test_plan_picker_finds_an_enterprise_by_name_and_by_code_and_the_form_submits(demo, page, login, shot):
    from enterprises.models import Enterprise
    from inspections.models import Inspection

    own = Enterprise.objects.get(name="南宁邕江化工有限公司")
    login(page, "nn_official")
    page.goto(f"{page.base_url}/inspections/plan/")
    assert page.locator("#id_enterprise option").count() <= 1  # nothing loaded before typing
    page.locator("#id_enterprise-ts-control").click()
    page.locator("#id_enterprise-ts-control").fill("邕江")
    first = page.locator("#id_enterprise-ts-dropdown .option").first
    first.wait_for(state="visible")
    assert own.uscc in page.locator("#id_enterprise-ts-dropdown").inner_text()  # code and region beside the name
    assert "兴宁区" in page.locator("#id_enterprise-ts-dropdown").inner_text()
    shot(page, "pick-01-plan-enterprise-picker-open")
    page.keyboard.press("Escape")

    # By its code (pasted whole; the start of a code finds every enterprise it begins).
    pick(page, "id_enterprise", own.uscc, "南宁邕江化工有限公司")
    assert page.locator("#id_enterprise").input_value() == str(own.pk)
    page.select_option("#id_campaign", index=1)
    pick(page, "id_inspectors", "黄海燕")
    pick(page, "id_inspectors", "GX45010031", "陆建明")  # by 执法证号
    page.select_option("#id_kind", index=0)
    page.fill("#id_planned_start", "2026-06-01")
    page.fill("#id_planned_end", "2026-06-03")
    shot(page, "pick-02-plan-filled")
    before = Inspection.objects.count()
    page.click("#plan-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Inspection.objects.count() == before + 1, page.content()[:3000]
    inspection = Inspection.objects.latest("pk")
    assert inspection.enterprise == own
    assert sorted(u.username for u in inspection.inspectors.all()) == ["nn_inspector2", "nn_official"]


def test_enterprise_picker_on_the_phone(demo, phone_page, login, shot):
    login(phone_page, "nn_official")
    phone_page.goto(f"{phone_page.base_url}/inspections/plan/")
    phone_page.locator("#id_enterprise-ts-control").click()
    phone_page.locator("#id_enterprise-ts-control").fill("化工")
    phone_page.locator("#id_enterprise-ts-dropdown .option").first.wait_for(state="visible")
    assert phone_page.locator("#id_enterprise-ts-dropdown .option").count() <= 20
    shot(phone_page, "pick-03-phone-plan-enterprise-picker-open")


def test_region_and_industry_tree_pickers_filter_the_enterprise_list(demo, page, login, shot):
    from enterprises.models import Enterprise

    login(page, "nn_official")
    page.goto(f"{page.base_url}/enterprises/")
    page.click("#id_region-picker")
    page.locator(".tree-picker-panel.show .tree-name", has_text="兴宁区").wait_for(state="visible")
    shot(page, "pick-04-region-tree-open")
    page.locator(".tree-picker-panel.show .tree-name", has_text="兴宁区").click()
    assert page.locator("#id_region-picker").inner_text() == "兴宁区"
    pick_in_tree(page, "id_industry", "危险", "危险化学品")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "region=450102" in page.url and "industry=hazchem" in page.url
    assert page.locator("#id_region-picker").inner_text() == "兴宁区"
    assert page.locator("#id_industry-picker").inner_text() == "危险化学品"
    expected = (
        Enterprise.objects.filter(region_path__contains="/450102/", industries__code="hazchem").distinct().count()
    )
    assert f"共 {expected} 家" in page.locator("h1").inner_text()
    shot(page, "pick-05-enterprise-list-filtered-by-tree")


def test_lists_are_cards_on_the_phone(demo, phone_page, login, shot):
    login(phone_page, "nn_official")
    phone_page.goto(f"{phone_page.base_url}/enterprises/")
    table = phone_page.locator("#enterprise-table")
    assert table.locator("thead").is_hidden()
    first = table.locator("tbody tr").first
    assert first.evaluate("el => getComputedStyle(el).display") == "block"
    assert first.locator("td[data-label='主要负责人']").is_hidden()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    shot(phone_page, "pick-06-phone-enterprise-cards")

    phone_page.goto(f"{phone_page.base_url}/hazards/")
    deadline = phone_page.locator("#hazard-table tbody tr").first.locator("td[data-label='整改期限']")
    assert deadline.is_visible()
    shot(phone_page, "pick-07-phone-hazard-cards-official")
    phone_page.click("#id_region-picker")
    phone_page.locator(".tree-picker-panel.show .tree-name", has_text="兴宁区").wait_for(state="visible")
    panel = phone_page.locator(".tree-picker-panel.show").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390, panel  # the tree stays on the screen
    shot(phone_page, "pick-09-phone-region-tree-open")
    phone_page.keyboard.press("Escape")

    phone_page.context.clear_cookies()
    login(phone_page, "ent_user")
    phone_page.goto(f"{phone_page.base_url}/hazards/")
    assert phone_page.locator("#id_region").count() == 0
    assert phone_page.locator("#hazard-table td[data-label='企业']").count() == 0
    deadlines = phone_page.locator("#hazard-table td[data-label='整改期限']")
    assert deadlines.count() >= 1 and deadlines.first.is_visible()
    shot(phone_page, "pick-08-phone-hazard-cards-enterprise")


def test_public_report_is_verified_with_the_enterprise_picker(demo, phone_page, login, shot):
    from accounts.models import User
    from core.models import Industry, Region
    from hazards.models import PublicReport

    official = User.objects.get(username="nn_official")
    report = PublicReport.objects.create(
        tracking_number="JB-PICK-0001",
        description="化工厂围墙外堆放空桶",
        location="民生街道工业路",
        region=Region.objects.get(code="450102001"),
        industry=Industry.objects.get(code="hazchem"),
        agency=official.agency,
    )
    login(phone_page, "nn_official")
    phone_page.goto(f"{phone_page.base_url}/hazards/reports/")
    row = phone_page.locator("#report-table tbody tr", has_text=report.tracking_number)
    box = row.locator(".verify-form .ts-control input")
    box.click()
    box.fill("邕江")
    option = phone_page.locator(".ts-dropdown .option", has_text="南宁邕江化工有限公司").first
    option.wait_for(state="visible")
    shot(phone_page, "pick-10-phone-report-verify-picker-open")
    option.click()
    row.locator("button:has-text('属实立案')").click()
    phone_page.wait_for_load_state("networkidle")
    report.refresh_from_db()
    assert report.hazard is not None and report.hazard.enterprise.name == "南宁邕江化工有限公司"
    assert f"/hazards/{report.hazard_id}/" in phone_page.url
