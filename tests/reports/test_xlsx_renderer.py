"""The statistics form's Excel renderer: hand-built form data in, the workbook read back with openpyxl."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from reports.renderers.xlsx import render_form_xlsx

# Pure (no database), but the root conftest's autouse fixture needs one.
pytestmark = pytest.mark.django_db

TITLE = "冶金工贸行业安全生产大检查大整治大提升专项行动 专项行动统计报表"
FORMULA = '=HYPERLINK("http://x")'


def seed004_data() -> dict:
    """Two groups (counts, a rate, a 万元 sum); rows own · child · missing child · total; two details."""
    values = {
        "own": {"groups": 2, "group_members": 9, "group_experts": 1, "general_found": 14, "rectification_rate": 85.7},
        "child": {"groups": 1, "group_members": 4, "group_experts": 0, "general_found": 7, "rectification_rate": None},
        "total": {
            "groups": 3,
            "group_members": 13,
            "group_experts": 1,
            "general_found": 21,
            "rectification_rate": 90.5,
        },
    }
    values["own"]["funds_spent"], values["child"]["funds_spent"], values["total"]["funds_spent"] = 1.25, 0.0, 1.25
    return {
        "form": "seed004",
        "title": TITLE,
        "campaign": {
            "id": 1,
            "title": "冶金工贸行业安全生产大检查大整治大提升专项行动",
            "doc_number": "兴应急发〔2022〕18号",
        },
        "region": {"code": "141123", "name": "兴县"},
        "industry": "",
        "unit": "兴县应急管理局",
        "period": "2026-06",
        "period_label": "2026-06（2026-05-23 至 2026-06-22）",
        "start": "2026-05-23",
        "end": "2026-06-22",
        "groups": [
            {
                "label": "成立检查组",
                "columns": [
                    {"key": "groups", "label": "检查组", "unit": "个", "rate": False},
                    {"key": "group_members", "label": "检查组成员", "unit": "人", "rate": False},
                    {"key": "group_experts", "label": "参加专家", "unit": "人", "rate": False},
                ],
            },
            {
                "label": "企业隐患排查整治进展情况",
                "columns": [
                    {"key": "general_found", "label": "一般隐患", "unit": "项", "rate": False},
                    {"key": "rectification_rate", "label": "整改率", "unit": "%", "rate": True},
                    {"key": "funds_spent", "label": "落实治理资金", "unit": "万元", "rate": False},
                ],
            },
        ],
        "rows": [
            {
                "key": "141123:own",
                "label": "兴县（本级）",
                "kind": "own",
                "region": "141123",
                "industry": "",
                "status": "live",
                "values": values["own"],
            },
            {
                "key": "141124",
                "label": "东关镇",
                "kind": "child",
                "region": "141124",
                "industry": "",
                "status": "submitted",
                "values": values["child"],
            },
            {
                "key": "141125",
                "label": "蔚汾镇",
                "kind": "child",
                "region": "141125",
                "industry": "",
                "status": "missing",
                "values": None,
            },
            {
                "key": "total",
                "label": "合计",
                "kind": "total",
                "region": "141123",
                "industry": "",
                "status": "live",
                "values": values["total"],
            },
        ],
        "details": [
            {
                "number": 1,
                "enterprise": "兴县华润钢铁有限公司",
                "description": FORMULA,
                "location": "炼钢车间\x07转炉平台",
                "found_on": "2026-06-01",
                "measures": "停用转炉，更换氧枪冷却水管路，增设泄漏报警与联锁切断装置，整改完成后组织专家验收。",
                "deadline": "2026-07-01",
                "responsible_person": "王建国",
                "listed": "市级挂牌（南安委督〔2026〕12号）",
                "status": "整改中",
                "closed": False,
            },
            {
                "number": 2,
                "enterprise": "@SUM(1+1)",
                "description": "铝液深井铸造系统未设置紧急排放和应急储存设施。",
                "location": "铸造车间",
                "found_on": "2026-06-05",
                "measures": "增设应急储存坑。",
                "deadline": "",
                "responsible_person": "李明",
                "listed": "",
                "status": "已销号",
                "closed": True,
            },
        ],
        "missing": ["蔚汾镇", "魏家滩镇"],
        "remark": "本月组织专家对重点企业开展指导服务。",
        "generated_at": "2026-06-23T09:00:00+08:00",
    }


def national_data() -> dict:
    return {
        "form": "national",
        "title": "隐患排查治理情况统计表",
        "campaign": None,
        "region": {"code": "141123", "name": "兴县"},
        "industry": "",
        "unit": "兴县应急管理局",
        "period": "total",
        "period_label": "累计（至 2026-06-22）",
        "start": None,
        "end": "2026-06-22",
        "groups": [
            {
                "label": "开展自查",
                "columns": [
                    {"key": "enterprises_self_inspected", "label": "开展自查的企业", "unit": "家", "rate": False}
                ],
            },
            {
                "label": "一般隐患",
                "columns": [
                    {"key": "general_found", "label": "一般隐患", "unit": "项", "rate": False},
                    {"key": "general_rate", "label": "一般隐患整改率", "unit": "%", "rate": True},
                ],
            },
        ],
        "rows": [
            {
                "key": "hazchem",
                "label": "危险化学品",
                "kind": "industry",
                "region": "141123",
                "industry": "hazchem",
                "status": "live",
                "values": {"enterprises_self_inspected": 5, "general_found": 0, "general_rate": None},
            },
            {
                "key": "total",
                "label": "合计",
                "kind": "total",
                "region": "141123",
                "industry": "",
                "status": "live",
                "values": {"enterprises_self_inspected": 5, "general_found": 0, "general_rate": None},
            },
        ],
        "details": [],
        "missing": [],
        "generated_at": "2026-06-23T09:00:00+08:00",
    }


def load(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.fixture
def book() -> openpyxl.Workbook:
    return load(render_form_xlsx(seed004_data(), filler="张三", reviewer="李四"))


def test_sheets_title_and_unit_line(book):
    assert book.sheetnames == ["统计报表", "重大隐患明细"]
    ws = book["统计报表"]
    assert ws["A1"].value == TITLE
    assert ws["A1"].font.b and ws["A1"].font.sz == 16
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:G1" in merged
    assert ws["A2"].value == "填报单位：兴县应急管理局"
    assert ws["C2"].value == "统计期：2026-06（2026-05-23 至 2026-06-22）"
    assert ws["E2"].value == "填表日期：2026-06-23"
    assert {"A2:B2", "C2:D2", "E2:G2"} <= merged


def test_grouped_header(book):
    ws = book["统计报表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:A4", "B3:D3", "E3:G3"} <= merged
    assert ws["A3"].value == "单位"
    assert (ws["B3"].value, ws["E3"].value) == ("成立检查组", "企业隐患排查整治进展情况")
    # the unit on a line of its own when the label and unit do not fit on one line
    assert ws["B4"].value == "检查组\n（个）"
    assert [ws.cell(4, c).value.replace("\n", "") for c in range(2, 8)] == [
        "检查组（个）",
        "检查组成员（人）",
        "参加专家（人）",
        "一般隐患（项）",
        "整改率（%）",
        "落实治理资金（万元）",
    ]
    assert ws["B4"].alignment.wrap_text and ws["B4"].border.top.style == "thin"
    assert ws.row_dimensions[4].height >= 30


def test_numbers_are_numbers(book):
    ws = book["统计报表"]
    assert ws["A5"].value == "兴县（本级）"
    for c in range(2, 8):
        assert isinstance(ws.cell(5, c).value, int | float)
    assert ws["B5"].value == 2 and ws["B5"].number_format == "0"
    assert ws["F5"].value == pytest.approx(0.857) and ws["F5"].number_format == "0.0%"
    assert ws["G5"].value == 1.25 and ws["G5"].number_format == "0.00"
    assert ws["F6"].value is None  # a rate with nothing to count
    assert ws["G6"].value == 0


def test_missing_and_total_rows(book):
    ws = book["统计报表"]
    assert "未报" in ws["A7"].value
    assert all(ws.cell(7, c).value is None for c in range(2, 8))
    assert ws["A8"].value == "合计" and ws["A8"].font.b and ws["B8"].font.b
    assert not ws["A5"].font.b


def test_signature_remark_and_missing_lines(book):
    ws = book["统计报表"]
    assert ws["A9"].value is None
    assert ws["A10"].value == "审核人：李四    填表人：张三    填报日期：2026-06-23"
    assert ws["A11"].value == "情况说明：本月组织专家对重点企业开展指导服务。"
    assert ws["A12"].value == "未报单位：蔚汾镇、魏家滩镇"


def test_print_setup(book):
    for ws, freeze, titles in ((book["统计报表"], "B5", "$3:$4"), (book["重大隐患明细"], "A3", "$2:$2")):
        assert ws.freeze_panes == freeze
        assert ws.print_title_rows == titles
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert book["统计报表"].column_dimensions["A"].width == 18


def test_details_sheet(book):
    ws = book["重大隐患明细"]
    assert ws["A1"].value == "专项行动检查发现重大隐患明细"
    assert [ws.cell(2, c).value for c in range(1, 11)] == [
        "序号",
        "企业名称",
        "隐患描述",
        "部位",
        "发现日期",
        "整改措施",
        "整改期限",
        "整改责任人",
        "挂牌督办",
        "整改状态",
    ]
    assert ws["A3"].value == 1 and ws["B3"].value == "兴县华润钢铁有限公司"
    assert isinstance(ws["E3"].value, datetime) and ws["E3"].value.date().isoformat() == "2026-06-01"
    assert ws["E3"].number_format == "yyyy-mm-dd"
    assert ws["G4"].value is None  # no deadline
    assert ws["C3"].alignment.wrap_text
    assert ws["I3"].value == "市级挂牌（南安委督〔2026〕12号）"


def test_text_is_never_a_formula_and_control_characters_are_stripped():
    content = render_form_xlsx(seed004_data())
    ws = load(content)["重大隐患明细"]
    assert ws["C3"].value == FORMULA
    assert ws["C3"].data_type == "s"
    assert ws["C3"].quotePrefix  # editing the cell in Excel keeps it text
    assert ws["B4"].value == "@SUM(1+1)" and ws["B4"].data_type == "s" and ws["B4"].quotePrefix
    assert not ws["B3"].quotePrefix
    assert ws["D3"].value == "炼钢车间转炉平台"
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert '<c r="C3" s="' in sheet and 't="inlineStr"><is><t>=HYPERLINK' in sheet
    assert 'quotePrefix="1"' in styles


def test_national_form():
    book = load(render_form_xlsx(national_data()))
    assert book.sheetnames == ["统计报表"]
    ws = book["统计报表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A3"].value == "行业领域"
    assert {"A3:A4", "C3:D3"} <= merged
    assert ws["B3"].value == "开展自查" and ws["B4"].value == "开展自查的企业\n（家）"
    assert ws["A5"].value == "危险化学品" and ws["B5"].value == 5 and ws["C5"].value == 0
    assert ws["D5"].value is None and ws["D5"].number_format == "0.0%"
    assert ws["A7"].value is None and ws["A8"].value.startswith("审核人：")
    assert ws["A9"].value is None  # no remark, nobody missing
