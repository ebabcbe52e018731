"""Browser: the rectification loop (ent_user rectifies, nn_official rejects then accepts) and the public report."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.utils import wait_for


def _jpeg(tmp_path, name="after.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (70, 130, 180)).save(out, "JPEG")
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return str(path)


def _hazard_url(page):
    from hazards.models import Hazard

    hazard = Hazard.objects.get(description__endswith="危化品仓库通风设施损坏")
    return hazard, f"{page.base_url}/hazards/{hazard.pk}/"


def test_enterprise_rectifies_official_rejects_then_accepts(demo, browser, live_server, page, login, shot, tmp_path):
    hazard, url = _hazard_url(page)
    login(page, "ent_user")
    page.goto(f"{page.base_url}/hazards/")
    shot(page, "hz-01-list-ent_user")
    page.goto(url)
    page.fill("#id_submit_rectification-description", "已更换排风机，通风量检测合格")
    page.fill("#id_submit_rectification-funds_spent", "12800")
    page.set_input_files("#id_submit_rectification-photos", _jpeg(tmp_path))
    page.click("#action-submit_rectification button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "待验收" in page.content()
    shot(page, "hz-02-submitted-ent_user")

    official = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900}
    ).new_page()
    official.base_url = page.base_url
    login(official, "nn_official")
    official.goto(url)
    assert official.locator("#action-accept").is_visible()
    official.fill("#id_reject-reason", "照片未反映排风机铭牌，请补拍")
    official.click("#action-reject button[type=submit]")
    official.wait_for_load_state("networkidle")
    assert "整改中" in official.locator("h1").inner_text()
    shot(official, "hz-03-rejected-nn_official")

    page.goto(url)
    page.fill("#id_submit_rectification-description", "补拍铭牌照片")
    page.set_input_files("#id_submit_rectification-photos", _jpeg(tmp_path, "nameplate.jpg"))
    page.click("#action-submit_rectification button[type=submit]")
    page.wait_for_load_state("networkidle")

    official.goto(url)
    official.fill("#id_accept-note", "复核合格，同意销号")
    official.click("#action-accept button[type=submit]")
    official.wait_for_load_state("networkidle")
    assert "已销号" in official.locator("h1").inner_text()
    timeline = official.locator("#timeline").inner_text()
    for step in ("登记隐患", "落实五定", "提交整改", "验收不通过", "验收销号", "照片未反映排风机铭牌"):
        assert step in timeline
    assert official.locator("img[alt='nameplate.jpg']").count() == 1
    shot(official, "hz-04-closed-timeline-nn_official")
    hazard.refresh_from_db()
    assert hazard.status == "closed"
    official.context.close()


def test_public_report_without_login_and_tracking(demo, phone_page, shot, tmp_path):
    page = phone_page
    page.goto(f"{page.base_url}/public/report/")
    assert "登录" not in page.locator("h1").inner_text()
    page.fill("#id_description", "工业路口有槽车违规停放卸料")
    page.select_option("#id_region", "450102001")
    page.select_option("#id_industry", "hazchem")
    page.fill("#id_location", "民生街道工业路口")
    page.set_input_files("#id_photo", _jpeg(tmp_path, "scene.jpg"))
    a, b = re.match(r"(\d) \+ (\d)", page.locator("#captcha-question").inner_text()).groups()
    page.fill("#id_captcha_answer", str(int(a) + int(b)))
    shot(page, "hz-05-public-report-phone")
    page.click("#public-report button[type=submit]")
    page.wait_for_load_state("networkidle")
    number = wait_for(lambda: page.locator("#tracking-number").inner_text().strip())
    assert "已受理" in page.locator("#report-status").inner_text()
    assert "兴宁区应急管理局" in page.content()  # the most specific agency of that township
    shot(page, "hz-06-public-track-phone")
    page.goto(f"{page.base_url}/public/report/")
    page.fill("input[name=n]", number)
    page.click("text=查询进度")
    page.wait_for_load_state("networkidle")
    assert number in page.content()
    page.goto(f"{page.base_url}/public/disclosure/")
    assert "紧急切断装置" in page.content()
    shot(page, "hz-07-disclosure-phone")


def _listed_entry_eligible_for_removal():
    """A blacklist entry of ent_user's enterprise, listed long enough ago to apply for early removal."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from accounts.models import User
    from enforcement import services

    official = User.objects.get(username="nn_official")
    enterprise = User.objects.get(username="ent_user").enterprise
    noticed = timezone.localdate() - datetime.timedelta(days=settings.BLACKLIST_MIN_DAYS_BEFORE_REMOVAL + 30)
    entry = services.blacklist_notify(
        actor=official,
        enterprise=enterprise,
        reason="重大事故隐患拒不整改，经责令仍未消除",
        legal_basis="《安全生产严重失信主体名单管理办法》第六条",
        today=noticed,
    )
    services.blacklist_list(entry=entry, actor=official, today=entry.objection_until + datetime.timedelta(days=1))
    return entry


def test_enterprise_applies_for_early_removal_and_official_approves(demo, browser, page, login, shot):
    entry = _listed_entry_eligible_for_removal()
    login(page, "ent_user")
    page.goto(f"{page.base_url}/hazards/blacklist/")
    page.fill(f"#credit-{entry.pk}", "已完成全部隐患整改并通过复查，公开作出信用承诺，参加信用修复培训")
    page.click("button[value=apply_removal]")
    page.wait_for_load_state("networkidle")
    assert "提前移出申请待审核" in page.content()
    shot(page, "hz-08-removal-applied-ent_user")

    official = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900}
    ).new_page()
    official.base_url = page.base_url
    login(official, "nn_official")
    official.goto(f"{official.base_url}/hazards/blacklist/")
    assert "公开作出信用承诺" in official.content()
    shot(official, "hz-09-removal-application-nn_official")
    official.click("button[value=remove]")
    official.wait_for_load_state("networkidle")
    assert "提前移出（信用修复）" in official.content()
    shot(official, "hz-10-removed-nn_official")
    entry.refresh_from_db()
    assert entry.status == "removed" and "信用承诺" in entry.credit_repair
    official.context.close()


def test_official_withdraws_a_publication_and_the_disclosure_page_drops_it(demo, page, phone_page, login, shot):
    phone_page.goto(f"{phone_page.base_url}/public/disclosure/")
    assert "紧急切断装置" in phone_page.content()
    login(page, "nn_official")
    page.goto(f"{page.base_url}/hazards/")
    page.click("text=曝光公示")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=reason]", "隐患整改方案调整，核实后重新发布")
    shot(page, "hz-11-publications-nn_official")
    page.click("form button:has-text('撤回')")
    page.wait_for_load_state("networkidle")
    assert "已撤回" in page.content()
    shot(page, "hz-12-publication-withdrawn-nn_official")
    phone_page.goto(f"{phone_page.base_url}/public/disclosure/")
    assert "紧急切断装置" not in phone_page.content()
    shot(phone_page, "hz-13-disclosure-after-withdrawal-phone")
