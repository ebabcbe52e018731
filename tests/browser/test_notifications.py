"""Browser: the enterprise submits a rectification; the official sees the unread badge, opens the
notification centre, clicks through to the hazard, and the notification is read (desktop and phone)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image


def _jpeg(tmp_path) -> str:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (70, 130, 180)).save(out, "JPEG")
    path = tmp_path / "after.jpg"
    path.write_bytes(out.getvalue())
    return str(path)


@pytest.fixture
def case(transactional_db):
    """南宁市应急管理局 (an inspector) answers for 南宁邕江化工; a hazard of it is being rectified; the
    inspector already has two older notifications, one of them read."""
    from django.utils import timezone

    from accounts.models import Notification
    from accounts.services import notify
    from core.reference import load_reference
    from hazards.models import Hazard
    from tests.factories import AgencyFactory, EnterpriseFactory, UserFactory

    load_reference()
    agency = AgencyFactory(name="南宁市应急管理局")
    official = UserFactory(username="nn_official", display_name="黄海燕", agency=agency, role="inspector")
    enterprise = EnterpriseFactory(name="南宁邕江化工有限公司", responsible_agency=agency)
    UserFactory(username="ent_user", display_name="周安全", kind="enterprise", enterprise=enterprise)
    hazard = Hazard.objects.create(
        enterprise=enterprise,
        source="finding",
        status="rectifying",
        level="general",
        description="危化品仓库通风设施损坏",
        location="2号仓库",
        responsible_person="张三",
        measures="更换排风机",
        executor="李四",
        acceptor="王五",
        deadline=date.today() + timedelta(days=10),
    )
    old = notify(
        recipients=[official], kind="bulletin_issued", title="通报发布：2026年5月安全生产专项整治工作通报",
        body="广西壮族自治区应急管理厅 印发 桂应急通〔2026〕5号。", url="/reports/bulletins/", key="demo:bulletin",
    )  # fmt: skip
    read = notify(
        recipients=[official], kind="submission_reminder", title="催报：全区安全生产大排查",
        body="「排查情况汇总」（2026年5月）应于 2026-05-31 前报送，请尽快报送。", url="/campaigns/", key="demo:remind",
    )  # fmt: skip
    Notification.objects.filter(pk=old[0].pk).update(created_at=timezone.now() - timedelta(days=2))
    Notification.objects.filter(pk=read[0].pk).update(
        created_at=timezone.now() - timedelta(days=3), read_at=timezone.now() - timedelta(days=1)
    )
    return {"official": official, "hazard": hazard}


def test_official_is_notified_of_a_submitted_rectification_and_reads_it(
    case, browser, page, phone_page, login, shot, tmp_path
):
    from accounts.models import Notification

    hazard = case["hazard"]
    url = f"{page.base_url}/hazards/{hazard.pk}/"
    login(page, "ent_user")
    page.goto(url)
    page.fill("#id_submit_rectification-description", "已更换排风机，通风量检测合格")
    page.set_input_files("#id_submit_rectification-photos", _jpeg(tmp_path))
    page.click("#action-submit_rectification button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "待验收" in page.content()
    assert page.get_by_test_id("nav-notifications").get_by_test_id("unread-badge").count() == 0  # none for it

    official = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900}
    ).new_page()
    official.base_url = page.base_url
    login(official, "nn_official")
    badge = official.get_by_test_id("nav-notifications").get_by_test_id("unread-badge")
    assert badge.inner_text() == "2"  # the new review request and the unread bulletin
    shot(official, "nt-01-badge-nn_official")

    official.get_by_test_id("nav-notifications").click()
    official.wait_for_load_state("networkidle")
    assert official.url.endswith("/notifications/")
    items = official.locator(".notification-list a.list-group-item")
    assert items.count() == 3
    first = items.nth(0)
    assert "南宁邕江化工有限公司 提交了隐患整改，待验收" in first.inner_text()
    assert "未读" in first.inner_text() and "未读" not in items.nth(2).inner_text()
    shot(official, "nt-02-centre-nn_official")

    first.click()
    official.wait_for_load_state("networkidle")
    assert official.url == url
    assert "待验收" in official.content()
    row = Notification.objects.get(kind="rectification_review", recipient=case["official"])
    assert row.read_at is not None
    assert official.get_by_test_id("nav-notifications").get_by_test_id("unread-badge").inner_text() == "1"

    official.goto(f"{page.base_url}/notifications/")
    official.get_by_role("button", name="全部标为已读").click()
    official.wait_for_load_state("networkidle")
    assert official.get_by_test_id("unread-badge").count() == 0
    assert Notification.objects.filter(recipient=case["official"], read_at=None).count() == 0
    shot(official, "nt-03-all-read-nn_official")
    official.context.close()

    # On the phone the badge sits beside the menu button, and the centre is a readable list.
    Notification.objects.filter(recipient=case["official"], kind="rectification_review").update(read_at=None)
    login(phone_page, "nn_official")
    phone_badge = phone_page.get_by_test_id("nav-notifications-phone")
    assert phone_badge.is_visible() and phone_badge.get_by_test_id("unread-badge").inner_text() == "1"
    shot(phone_page, "nt-04-badge-phone")
    phone_badge.click()
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.locator(".notification-list a.list-group-item").count() == 3
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the centre scrolls sideways on a phone ({width}px)"
    shot(phone_page, "nt-05-centre-phone")
