"""Browser: the statistics form of 南宁 over the demo campaign, a figure's drill-down list, and the
report submitted level by level (兴宁区 submits, 南宁 returns, 兴宁区 resubmits, 南宁 accepts)."""

from __future__ import annotations

import re

from inspections.demo import DEMO_CAMPAIGN_TITLE


def _campaign():
    from campaigns.models import Campaign

    return Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)


def test_statistics_form_and_a_figures_rows(demo, page, login, shot):
    campaign = _campaign()
    login(page, "nn_official")
    page.goto(f"{page.base_url}/reports/statistics/?form=seed004&campaign={campaign.pk}&region=450100&period=total")
    assert page.locator("#stat-form").is_visible()
    shot(page, "rep-01-statistics-seed004-nn_official")
    link = page.locator('tr[data-row="total"] td[data-col="general_found"] a')
    number = int(link.inner_text())
    assert number > 0
    link.click()
    page.wait_for_load_state("networkidle")
    banner = page.locator("#drill-banner").inner_text()
    assert f"共 {number} 条" in banner
    shot(page, "rep-02-drill-down-hazards")
    page.goto(f"{page.base_url}/reports/statistics/?form=national&campaign={campaign.pk}&region=450100&period=total")
    assert page.locator('tr[data-row="industry_trade"]').is_visible()
    shot(page, "rep-03-statistics-national")
    page.goto(f"{page.base_url}/reports/glossary/")
    shot(page, "rep-04-glossary")


def test_report_submitted_returned_resubmitted_and_accepted(demo, browser, page, login, shot):
    campaign = _campaign()
    login(page, "xn_official")
    page.goto(f"{page.base_url}/reports/statistics/?form=seed004&campaign={campaign.pk}&region=450102&period=total")
    page.click("text=生成报表草稿")
    page.wait_for_load_state("networkidle")
    assert re.search(r"/reports/stat-reports/\d+/$", page.url)
    report_url = page.url
    shot(page, "rep-05-draft-xn_official")
    page.fill("#id_remark", "本月完成辖区企业检查。")
    page.click("#submit-form button")
    page.wait_for_load_state("networkidle")
    assert "已上报" in page.locator("#report-status").inner_text()
    assert "SHA-256 校验一致" in page.locator("#snapshot").inner_text()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    upper = context.new_page()
    upper.base_url = page.base_url
    login(upper, "nn_official")
    upper.goto(report_url)
    upper.fill("#return-form input[name=reason]", "请补充表外发现的隐患")
    upper.click("#return-form button")
    upper.wait_for_load_state("networkidle")
    assert "请补充表外发现的隐患" in upper.locator("#returned-reason").inner_text()

    page.goto(report_url)
    page.fill("#id_remark", "已补充。")
    page.click("#submit-form button")
    page.wait_for_load_state("networkidle")
    upper.goto(report_url)
    upper.click("#accept")
    upper.wait_for_load_state("networkidle")
    assert "已审核" in upper.locator("#report-status").inner_text()
    shot(upper, "rep-06-accepted-nn_official")
    upper.goto(f"{page.base_url}/reports/statistics/?form=seed004&campaign={campaign.pk}&region=450100&period=total")
    upper.click("text=生成报表草稿")
    upper.wait_for_load_state("networkidle")
    assert "已审核" in upper.locator('tr[data-row="450102"]').inner_text()
    shot(upper, "rep-07-city-draft-sums-xingning")
    context.close()


def test_download_centre_shows_a_running_and_a_finished_export(demo, page, login, shot):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from reports.models import ExportJob

    login(page, "nn_official")
    page.goto(f"{page.base_url}/hazards/?status=rectifying")
    page.click(".export-form button[value=xlsx]")
    page.wait_for_load_state("networkidle")
    assert "/reports/downloads/" in page.url
    job = ExportJob.objects.get(user__username="nn_official")
    row = page.locator(f"#job-{job.pk}")
    row.locator("a:has-text('下载')").wait_for()
    user = User.objects.get(username="nn_official")
    running = ExportJob.objects.create(
        user=user,
        kind="enterprises",
        status="running",
        total=1000,
        done=420,
        description="region=450100",
        expires_at=timezone.now() + timedelta(days=7),
    )
    page.reload()
    assert "420 / 1000" in page.locator(f"#job-{running.pk}").inner_text()
    shot(page, "rep-08-download-centre")
    with page.expect_download() as download:
        row.locator("a:has-text('下载')").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_bulletin_drafted_issued_and_seen_by_a_district(demo, browser, page, login, shot):
    campaign = _campaign()
    login(page, "nn_official")
    page.goto(f"{page.base_url}/reports/bulletins/")
    page.select_option("#id_campaign", str(campaign.pk))
    page.select_option("#id_region", "450100")
    page.fill("#id_doc_number", "南应急通〔2026〕3号")
    page.click("#bulletin-form button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#ranking").is_visible()
    shot(page, "rep-09-bulletin-draft")
    page.click("#issue-form button")
    page.wait_for_load_state("networkidle")
    assert "已印发" in page.locator("#bulletin-status").inner_text()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    district = context.new_page()
    district.base_url = page.base_url
    login(district, "xn_official")
    district.goto(f"{page.base_url}/")
    assert "工作进展情况的通报" in district.locator("#home-bulletins").inner_text()
    shot(district, "rep-10-home-bulletin-xn_official")
    context.close()
