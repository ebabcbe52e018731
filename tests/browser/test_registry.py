"""The registry in a real browser: search, open, import with errors; an enterprise user's view."""

from __future__ import annotations

import io

import openpyxl

from core.uscc import make_uscc
from enterprises.imports import HEADERS
from tests.browser.pickers import pick_in_tree


def _bad_workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    good = {
        "统一社会信用代码": make_uscc("450103", 9001),
        "企业名称": "青秀新能源有限公司",
        "区划代码": "450103001",
        "行业代码": "gas",
    }
    bad = {
        "统一社会信用代码": make_uscc("450103", 9002)[:17] + "0",
        "企业名称": "错误代码企业",
        "区划代码": "450202001",
        "行业代码": "gas",
    }
    if bad["统一社会信用代码"] == make_uscc("450103", 9002):
        bad["统一社会信用代码"] = bad["统一社会信用代码"][:17] + "1"
    for values in (good, bad):
        ws.append([values.get(h) for h in HEADERS])
    path = tmp_path / "import-with-error.xlsx"
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_official_searches_opens_and_imports_with_errors(demo, page, login, shot, tmp_path):
    login(page, "nn_official")
    page.goto(f"{page.base_url}/enterprises/")
    shot(page, "10-registry-list-nn_official")
    assert "柳州" not in page.locator("table tbody").inner_text()
    page.fill("#id_search", "邕江")
    page.click("button:has-text('查询')")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    shot(page, "11-registry-search")
    rows.first.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("南宁邕江化工有限公司")
    shot(page, "12-enterprise-detail")

    page.goto(f"{page.base_url}/enterprises/import/")
    page.set_input_files("input[type=file]", str(_bad_workbook(tmp_path)))
    page.click("button:has-text('上传并导入')")
    page.wait_for_load_state("networkidle")
    table = page.locator("#import-errors")
    text = table.inner_text()
    assert "校验位" in text and "不在您的辖区内" in text
    assert "青秀新能源有限公司" not in page.content()
    shot(page, "13-import-errors")


def test_enterprise_user_sees_only_own_enterprise(demo, page, login, shot):
    login(page, "ent_user")
    page.goto(f"{page.base_url}/enterprises/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "南宁邕江化工有限公司" in rows.first.inner_text()
    assert page.locator("text=登记企业").count() == 0
    shot(page, "14-registry-ent_user")


def test_official_registers_an_enterprise_in_the_form(demo, page, login, shot):
    login(page, "nn_official")
    page.goto(f"{page.base_url}/enterprises/new/")
    page.fill("#id_name", "南宁青秀新材料有限公司")
    page.fill("#id_uscc", make_uscc("450103", 31337).lower())
    pick_in_tree(page, "id_region", "新竹", "新竹街道")
    page.select_option("#id_industries", label="危险化学品")
    page.select_option("#id_risk_grade", value="orange")
    page.fill("#id_people-0-name", "农志远")
    page.select_option("#id_people-0-post", value="principal")
    page.fill("#id_people-0-certificate_number", "GXA0001")
    page.fill("#id_people-0-certificate_valid_until", "2028-06-30")
    shot(page, "15-enterprise-form")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "已登记企业" in page.content()
    assert "农志远" in page.locator("text=三项岗位人员持证").locator("..").inner_text()
    shot(page, "16-enterprise-created")
