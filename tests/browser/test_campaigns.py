"""Browser: gx_admin turns a notice into a campaign (two phases, a target, a monthly report, a
group with a planned visit, a checklist); nn_official answers it with the 南宁 implementing plan."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tests.browser.pickers import pick


def _select_by_text(page, selector: str, text: str) -> None:
    value = page.eval_on_selector(
        selector,
        "(el, text) => { const o = [...el.options].find(o => o.textContent.includes(text)); return o ? o.value : null; }",
        text,
    )
    assert value is not None, f"no option containing {text!r} in {selector}"
    page.select_option(selector, value)


def test_gx_admin_builds_a_campaign_and_nn_official_answers_with_a_plan(demo, page, login, shot):
    from campaigns.models import Campaign, Submission

    today = timezone.localdate()
    year = today.year
    start, end = date(year, 1, 1), date(year, 12, 31)
    middle = date(year, 6, 30)

    login(page, "gx_admin")
    page.goto(f"{page.base_url}/campaigns/")
    assert page.locator("h1").inner_text().startswith("专项行动")
    assert "桂政办电〔2018〕68号" in page.content()  # the seed campaigns are there
    shot(page, "campaigns-01-list-gx_admin")

    page.click("text=新建专项行动")
    page.fill("#id_title", "全区工贸行业安全生产专项整治行动")
    page.fill("#id_doc_number", f"桂应急〔{year}〕9号")
    page.fill("#id_issuer", "广西壮族自治区应急管理厅")
    _select_by_text(page, "#id_region", "450000")
    page.fill("#id_period_start", start.isoformat())
    page.fill("#id_period_end", end.isoformat())
    page.fill("#id_phases-0-name", "部署发动阶段")
    page.fill("#id_phases-0-start", start.isoformat())
    page.fill("#id_phases-0-end", middle.isoformat())
    page.fill("#id_phases-1-name", "集中整治阶段")
    page.fill("#id_phases-1-start", (middle + timedelta(days=1)).isoformat())
    page.fill("#id_phases-1-end", end.isoformat())
    shot(page, "campaigns-02-form")
    page.click("#campaign-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已创建专项行动" in page.content(), page.content()[:2000]
    campaign = Campaign.objects.get(title="全区工贸行业安全生产专项整治行动")
    assert campaign.phases.count() == 2
    current = page.locator("#phases [aria-current=step]")
    assert current.count() == 1  # the phase of today's date is highlighted

    page.fill("#target-form input[name=name]", "重点行业领域企业主要负责人安全生产培训率100%")
    page.select_option("#target-form select[name=indicator]", "principal_training_rate")
    page.fill("#target-form input[name=target_value]", "100")
    page.click("#target-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#targets .progress").count() == 1

    page.fill("#requirement-form input[name=title]", "工作进展情况")
    page.select_option("#requirement-form select[name=recurrence]", "monthly")
    page.fill("#requirement-form input[name=day_of_month]", "31")
    page.select_option("#requirement-form select[name=submitters]", "lower_agencies")
    page.click("#requirement-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "工作进展情况" in page.locator("#requirements").inner_text()
    assert Submission.objects.filter(requirement__campaign=campaign).exists()

    _select_by_text(page, "#attach-form select", "落实企业安全生产主体责任专项检查表")
    page.click("#attach-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "落实企业安全生产主体责任专项检查表" in page.locator("#checklists").inner_text()
    shot(page, "campaigns-03-detail-gx_admin")

    page.click("text=组建巡查组")
    page.fill("#id_name", "自治区第一巡查组")
    for slot, (person, role) in enumerate(
        [("黄海燕", "leader"), ("陆建明", "deputy"), ("蓝文斌", "deputy"), ("潘志勇", "member"), ("王振宇", "expert")],
        start=1,
    ):
        pick(page, f"id_user_{slot}", person)
        page.select_option(f"#id_role_{slot}", role)
    shot(page, "campaigns-04-group-form")
    page.click("#group-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已组建巡查组" in page.content(), page.content()[:3000]
    visit_start = max(today, start)
    if (visit_start + timedelta(days=3)) > end:
        visit_start = end - timedelta(days=3)
    pick(page, "id_enterprise", "有限公司")
    page.fill("#visit-form input[name=start]", visit_start.isoformat())
    page.fill("#visit-form input[name=end]", (visit_start + timedelta(days=2)).isoformat())
    page.click("#visit-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已安排巡查" in page.content()
    assert page.locator("#calendar .badge").count() >= 3
    shot(page, "campaigns-05-group-calendar")

    page.context.clear_cookies()
    login(page, "nn_official")
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/")
    page.click("#create-plan")
    page.fill("#id_title", "南宁市工贸行业安全生产专项整治实施方案")
    _select_by_text(page, "#id_region", "450100")
    page.click("#campaign-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已创建专项行动" in page.content(), page.content()[:3000]
    plan = Campaign.objects.get(title="南宁市工贸行业安全生产专项整治实施方案")
    assert plan.parent == campaign and plan.region.code == "450100"
    shot(page, "campaigns-06-plan-nn_official")

    page.context.clear_cookies()
    login(page, "gx_admin")
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/")
    assert "南宁市工贸行业安全生产专项整治实施方案" in page.locator("#children").inner_text()
    shot(page, "campaigns-07-parent-sees-plan")


def test_xingxian_official_sees_the_seed_004_campaign_and_its_checklist(demo, page, login, shot):
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(doc_number="兴应急发〔2022〕18号")
    login(page, "xingxian_official")
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/")
    text = page.content()
    assert "全面部署发动阶段" in text and "巩固提升“回头看”阶段" in text
    assert "工作进展情况" in page.locator("#requirements").inner_text()
    assert "县应急管理局" in page.locator("#tasks").inner_text()
    shot(page, "campaigns-08-seed004-detail")
    page.click("#checklists a")
    page.wait_for_load_state("networkidle")
    assert "不同防火分区的除尘系统互联互通" in page.content()
    assert page.locator("text=重大隐患判定标准").count() >= 3
    shot(page, "campaigns-09-seed004-checklist")


def test_gx_admin_reminds_late_units_and_nanning_sees_the_badge(demo, page, login, shot):
    from accounts.models import User
    from campaigns.services import campaign_create, requirement_add
    from core.models import Region

    today = timezone.localdate()
    gx_admin = User.objects.get(username="gx_admin")
    campaign = campaign_create(
        actor=gx_admin,
        title="全区安全生产隐患大排查",
        doc_number=f"桂应急〔{today.year}〕21号",
        region=Region.objects.get(code="450000"),
        period_start=today - timedelta(days=60),
        period_end=today + timedelta(days=60),
    )
    requirement_add(
        actor=gx_admin,
        campaign=campaign,
        title="大排查阶段性总结",
        recurrence="once",
        due_date=today - timedelta(days=3),
        submitters="lower_agencies",
    )
    requirement_add(
        actor=gx_admin,
        campaign=campaign,
        title="整改情况统计表",
        recurrence="once",
        due_date=today + timedelta(days=7),
        submitters="lower_agencies",
    )
    nanning = campaign.report_requirements.get(title="大排查阶段性总结").submissions.get(
        agency__name="南宁市应急管理局"
    )

    login(page, "gx_admin")
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/submissions/")
    assert page.locator("#remind-late-form button").is_visible()
    row = page.locator("#submissions tbody tr", has_text="南宁市应急管理局").filter(has_text="大排查阶段性总结")
    row.locator(".remind-button").click()
    page.wait_for_load_state("networkidle")
    assert "已向「南宁市应急管理局」催报。" in page.content()
    assert "已催报 1 次" in row.inner_text() and "今日已催报" in row.inner_text()
    assert row.locator(".remind-button").count() == 0  # once a day
    assert "1" in page.locator("#remind-late-form .badge").inner_text()  # 柳州 is still to remind
    shot(page, "campaigns-10-submissions-remind-gx_admin")
    page.click("#remind-late-form button")
    page.wait_for_load_state("networkidle")
    assert "已向 1 个逾期单位催报。" in page.content()
    assert page.locator("#remind-late-form").count() == 0
    shot(page, "campaigns-10b-submissions-all-reminded")

    page.context.clear_cookies()
    login(page, "nn_official")
    page.goto(f"{page.base_url}/campaigns/submissions/mine/")
    badge = page.locator(".reminder-badge").first
    assert badge.is_visible() and "已催报 1 次" in badge.inner_text()
    shot(page, "campaigns-11-my-submissions-reminded-nn_official")
    page.goto(f"{page.base_url}/campaigns/submissions/{nanning.pk}/")
    assert "韦志强" in page.locator("#reminders").inner_text()
