"""Browser tests of inspections: an enterprise fills its self-inspection on a phone; an official
draws and performs an inspection. Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from tests.browser.pickers import pick

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _jpeg(path: Path) -> Path:
    image = Image.new("RGB", (800, 600), (90, 120, 160))
    for x in range(200, 600):
        for y in range(250, 350):
            image.putpixel((x, y), (230, 200, 40))
    exif = Image.Exif()
    exif[306] = "2026:05:06 09:30:00"
    exif[0x8825] = {1: "N", 2: (22.0, 49.0, 12.0), 3: "E", 4: (108.0, 19.0, 48.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    path.write_bytes(out.getvalue())
    return path


def test_enterprise_user_fills_and_submits_a_self_inspection_on_a_phone(demo, phone_page, login, shot, tmp_path):
    from hazards.models import Hazard
    from inspections.models import Inspection

    page = phone_page
    login(page, "ent_user")
    shot(page, "insp-10-phone-home-ent_user")
    assert "我的自查" in page.content()
    page.goto(f"{page.base_url}/inspections/")
    shot(page, "insp-11-phone-self-list")
    page.locator(".list-group-item-action").first.click()
    page.wait_for_load_state("networkidle")
    assert "/fill/" in page.url
    inspection = Inspection.objects.get(pk=int(page.url.rstrip("/").split("/")[-2]))
    shot(page, "insp-12-phone-fill-empty")

    # First items only, then try to submit: refused, missing items highlighted.
    labels = page.locator(".insp-item label.btn-outline-success")
    labels.nth(0).click()
    labels.nth(1).click()
    page.click("#submit-btn")
    page.wait_for_load_state("networkidle")
    assert page.locator("#missing-summary").is_visible()
    assert page.locator(".insp-item.missing").count() == labels.count() - 2
    shot(page, "insp-13-phone-fill-missing-highlighted")
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "insp-13b-phone-fill-viewport.png"))  # the sticky bar

    # Draft resumes: the two answers are still there.
    page.goto(f"{page.base_url}/inspections/{inspection.pk}/fill/")
    assert page.locator(".insp-item input[value=compliant]:checked").count() == 2

    # Answer everything; the third item fails, with a note and a photo taken with the camera.
    count = labels.count()
    for n in range(count):
        labels.nth(n).click()
    third = page.locator(".insp-item").nth(2)
    third.locator("label.btn-outline-danger").click()
    third.locator("input[name^=note_]").fill("应急预案未按规定演练")
    third.locator("input[type=file]").set_input_files(str(_jpeg(tmp_path / "site.jpg")))
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".insp-thumb").count() == 1
    shot(page, "insp-14-phone-fill-with-photo")
    page.click("#submit-btn")
    page.wait_for_load_state("networkidle")
    assert "/fill/" not in page.url
    inspection.refresh_from_db()
    assert inspection.status == "submitted"
    assert Hazard.objects.filter(inspection=inspection).count() == 1
    assert "22.82" in page.content()  # EXIF GPS shown
    shot(page, "insp-15-phone-submitted-detail")


def test_official_draws_and_performs_an_inspection(demo, page, login, shot, tmp_path):
    from inspections.models import Draw, Inspection

    login(page, "nn_official")
    page.goto(f"{page.base_url}/inspections/draws/new/")
    page.select_option("#id_campaign", label="南宁市企业安全生产主体责任专项检查（演示）（南安委办〔2026〕12号）")
    page.fill("#id_count", "3")
    page.check("#id_weighted")
    page.fill("#id_planned_start", "2026-06-01")
    page.fill("#id_planned_end", "2026-06-03")
    shot(page, "insp-20-draw-form")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    draw = Draw.objects.get()
    assert draw.seed in page.locator("#draw-seed").inner_text()
    assert page.locator("#draw-verified").is_visible()
    assert page.locator("#draw-result tbody tr").count() == 3
    shot(page, "insp-21-draw-result")

    page.locator("#draw-result a").first.click()
    page.wait_for_load_state("networkidle")
    inspection = Inspection.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert inspection.method == "double_random"
    shot(page, "insp-22-drawn-inspection")
    page.click("text=开始现场检查")
    page.wait_for_load_state("networkidle")
    labels = page.locator(".insp-item label.btn-outline-success")
    for n in range(labels.count()):
        labels.nth(n).click()
    page.locator(".insp-item").nth(0).locator("label.btn-outline-danger").click()
    page.fill("textarea[name=finding_description]", "二号仓库消防通道堆放杂物")
    page.fill("input[name=finding_location]", "二号仓库")
    page.fill("input[name=person_name]", "周安全")
    page.fill("input[name=person_post]", "安全部经理")
    page.locator("input[name=photos]").set_input_files(str(_jpeg(tmp_path / "warehouse.jpg")))
    page.fill("#conclusion", "发现一般隐患2项，责令企业限期整改。")
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")
    shot(page, "insp-23-fill-official")
    page.click("#submit-btn")
    page.wait_for_load_state("networkidle")
    inspection.refresh_from_db()
    assert inspection.status == "submitted"
    shot(page, "insp-24-submitted")
    response = page.request.get(f"{page.base_url}/inspections/{inspection.pk}/record.pdf")
    assert response.status == 200
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "browser-inspection-record.pdf").write_bytes(response.body())


def test_official_records_an_expert_conflict_and_the_expert_declares_one(demo, page, phone_page, login, shot):
    from enterprises.models import Enterprise
    from inspections.models import ExpertConflict

    login(page, "nn_official")
    page.goto(f"{page.base_url}/inspections/")
    page.click("text=专家回避")
    page.wait_for_load_state("networkidle")
    assert "/inspections/conflicts/" in page.url
    page.click("button:has-text('登记')")  # empty form: every field named
    page.wait_for_load_state("networkidle")
    assert page.locator(".text-danger").count() >= 2
    shot(page, "insp-30-conflicts-errors")
    pick(page, "id_expert", "王振宇")
    pick(page, "id_enterprise", "有限公司")
    page.fill("#id_reason", "曾任该企业安全顾问（2024年）")
    page.click("button:has-text('登记')")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=回避中").count() == 1
    shot(page, "insp-31-conflicts-list")

    conflict = ExpertConflict.objects.get()
    login(phone_page, "expert1")
    phone_page.goto(f"{phone_page.base_url}/inspections/conflicts/")
    assert conflict.enterprise.name in phone_page.content()
    other = Enterprise.objects.exclude(pk=conflict.enterprise_id).first()
    pick(phone_page, "id_enterprise_uscc", other.uscc, other.name)
    phone_page.fill("#id_reason", "配偶在该企业任职")
    phone_page.click("button:has-text('声明')")
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.locator("text=回避中").count() == 2
    shot(phone_page, "insp-32-phone-conflicts-expert")
