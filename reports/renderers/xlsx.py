"""The statistics form (统计报表) as an .xlsx workbook for Excel and WPS.

Pure: the form's data (the shape of `reports.statistics.forms.live_form`) in, the file's bytes out;
no database, no models. Sheet 1 is the form (title, unit/period line, two-row grouped header, one row
per unit or industry, signature line), sheet 2 — seed 004 only — the 重大隐患明细. Both print on A4
landscape, fitted to the page width, with the header repeated on every page.

Text is never evaluated: every text cell is written as a string (inlineStr, never `<f>`), and text
starting with = + - @ or a tab also carries Excel's quotePrefix so that editing the cell keeps it text.
Control characters (other than tab and newline) are stripped so the file is always valid XML.
"""

from __future__ import annotations

import unicodedata
from copy import copy
from datetime import date
from io import BytesIO
from math import ceil
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from core.xlsx import clean, put_text

FONT_NAME = "宋体"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
LINE_HEIGHT = 15  # points per line of 10pt text (CJK fonts need the room)
FIRST_WIDTH = 18

DETAIL_COLUMNS = [  # (key, label, width)
    ("number", gettext_lazy("序号"), 6),
    ("enterprise", gettext_lazy("企业名称"), 20),
    ("description", gettext_lazy("隐患描述"), 34),
    ("location", gettext_lazy("部位"), 14),
    ("found_on", gettext_lazy("发现日期"), 11),
    ("measures", gettext_lazy("整改措施"), 30),
    ("deadline", gettext_lazy("整改期限"), 11),
    ("responsible_person", gettext_lazy("整改责任人"), 10),
    ("listed", gettext_lazy("挂牌督办"), 18),
    ("status", gettext_lazy("整改状态"), 9),
]
DATE_KEYS = {"found_on", "deadline"}
WRAPPED_KEYS = {"enterprise", "description", "location", "measures", "listed"}


def render_form_xlsx(data: dict, *, filler: str = "", reviewer: str = "") -> bytes:
    """The statistics form as an .xlsx workbook (opens in Excel and WPS)."""
    wb = Workbook()
    wb.properties.title = clean(data.get("title"))
    ws = wb.active
    ws.title = _("统计报表")
    _form_sheet(ws, data, filler=filler, reviewer=reviewer)
    if data.get("form") == "seed004":
        _details_sheet(wb.create_sheet(_("重大隐患明细")), data.get("details") or [])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# --- text, numbers, sizes ----------------------------------------------------------------------


def put_number(cell: Cell, value: Any, column: dict) -> None:
    """A count (`0`), a sum in 万元 (`0.00`) or a rate (85.7 → 0.857 as `0.0%`); None → empty."""
    if column.get("rate"):
        cell.number_format = "0.0%"
    elif column.get("unit") == "万元" or isinstance(value, float):
        cell.number_format = "0.00"
    else:
        cell.number_format = "0"
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = round(value / 100, 6) if column.get("rate") else value
    elif value not in (None, ""):
        put_text(cell, value)  # not a number (an old snapshot?): shown as is


def day_of(value: Any) -> date | None:
    """The date of an ISO date or datetime string (None when empty or unreadable)."""
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def text_width(text: str) -> int:
    """Width in Excel's character units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column of `width` units (with some slack)."""
    room = max(width - 2, 1)
    return sum(max(1, ceil(text_width(part) / room)) for part in (text or "").split("\n"))


def columns_for(widths: list[float], text: str) -> int:
    """How many of `widths` (from the first) it takes to hold `text` on one line."""
    total = 0.0
    for n, width in enumerate(widths, start=1):
        total += width
        if total >= text_width(text) + 2:
            return n
    return len(widths)


def header_label(column: dict, width: float) -> str:
    """“检查组（个）”; the unit on a line of its own when the whole does not fit on one line."""
    label, unit = clean(column.get("label")), clean(column.get("unit"))
    if not unit:
        return label
    joined = f"{label}（{unit}）"
    return joined if lines_needed(joined, width) == 1 else f"{label}\n（{unit}）"


def style(cell: Cell, *, bold: bool = False, size: int = 10, align: Alignment = CENTER, boxed: bool = True) -> None:
    """Font, alignment and border of a cell. openpyxl hashes every style object it is given, which
    made a 15,000-row details sheet take most of a minute; each combination is therefore built once
    per workbook and copied, keeping the cell's own number format, fill and quote prefix."""
    cache = cell.parent.parent.__dict__.setdefault("_style_cache", {})
    key = (bold, size, id(align), boxed)
    own = cell._style
    if key not in cache:
        cell.font = Font(name=FONT_NAME, size=size, bold=bold)
        cell.alignment = align
        if boxed:
            cell.border = BORDER
        cache[key] = copy(cell._style)
        return
    arr = copy(cache[key])
    if own is not None:
        arr.numFmtId, arr.fillId, arr.quotePrefix = own.numFmtId, own.fillId, own.quotePrefix
    else:
        arr.numFmtId = arr.fillId = arr.quotePrefix = 0
    cell._style = arr


def merge(ws: Worksheet, row: int, col: int, last_row: int, last_col: int) -> None:
    if (row, col) != (last_row, last_col):
        ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)


def print_setup(ws: Worksheet, title_rows: str, freeze: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.2, footer=0.2)
    ws.oddFooter.center.text = _("第 &P 页，共 &N 页")
    ws.print_title_rows = title_rows
    ws.freeze_panes = freeze


# --- sheet 1: the form -------------------------------------------------------------------------


def _form_sheet(ws: Worksheet, data: dict, *, filler: str, reviewer: str) -> None:
    groups = data.get("groups") or []
    columns = [c for g in groups for c in g["columns"]]
    widths = [FIRST_WIDTH] + [10 if c.get("unit") == "万元" else 9 for c in columns]
    last = max(len(widths), 3)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    day_text = str(day_of(data.get("generated_at")) or "")

    # Row 1: the title; row 2: unit · period · date, left, middle and right.
    put_text(ws.cell(1, 1), data.get("title"))
    style(ws.cell(1, 1), bold=True, size=16, boxed=False)
    merge(ws, 1, 1, 1, last)
    ws.row_dimensions[1].height = max(1, lines_needed(clean(data.get("title")), sum(widths) / 1.6)) * 24 + 6
    texts = [
        _("填报单位：%(unit)s") % {"unit": clean(data.get("unit"))},
        _("统计期：%(period)s") % {"period": clean(data.get("period_label"))},
        _("填表日期：%(date)s") % {"date": day_text},
    ]
    padded = widths + [9] * (last - len(widths))
    left, right = columns_for(padded, texts[0]), columns_for(padded[::-1], texts[2])
    side = max(left, right)
    if text_width(texts[1]) + 2 <= sum(padded[side : last - side]):  # the period centred over the table
        left = right = side
    left = min(left, last - 2)
    right = min(right, last - left - 1)
    spans = [(1, left, "left"), (left + 1, last - right, "center"), (last - right + 1, last, "right")]
    lines = 1
    for text, (first, end, horizontal) in zip(texts, spans, strict=True):
        put_text(ws.cell(2, first), text)
        style(ws.cell(2, first), boxed=False, align=Alignment(horizontal=horizontal, vertical="center", wrap_text=True))
        merge(ws, 2, first, 2, end)
        lines = max(lines, lines_needed(text, sum(padded[first - 1 : end])))
    ws.row_dimensions[2].height = lines * LINE_HEIGHT + 6

    # Rows 3–4: the header, groups above their columns.
    put_text(ws.cell(3, 1), _("单位") if data.get("form") == "seed004" else _("行业领域"))
    col, group_lines, column_lines = 2, 1, 2
    for group in groups:
        span = len(group["columns"])
        put_text(ws.cell(3, col), group["label"])
        group_lines = max(group_lines, lines_needed(clean(group["label"]), sum(widths[col - 1 : col - 1 + span])))
        for offset, column in enumerate(group["columns"]):
            label = header_label(column, widths[col - 1 + offset])
            put_text(ws.cell(4, col + offset), label)
            column_lines = max(column_lines, lines_needed(label, widths[col - 1 + offset]))
        merge(ws, 3, col, 3, col + span - 1)
        col += span
    merge(ws, 3, 1, 4, 1)
    for row in (3, 4):  # every cell, the merged ones too, so that the borders are drawn all round
        for c in range(1, len(widths) + 1):
            style(ws.cell(row, c), bold=True)
            ws.cell(row, c).fill = HEADER_FILL
    ws.row_dimensions[3].height = group_lines * LINE_HEIGHT + 6
    ws.row_dimensions[4].height = column_lines * LINE_HEIGHT + 6

    # The data rows.
    r = 5
    for item in data.get("rows") or []:
        missing = item.get("status") == "missing"
        total = item.get("kind") == "total"
        label = clean(item.get("label")) + (_("（未报）") if missing else "")
        put_text(ws.cell(r, 1), label)
        style(ws.cell(r, 1), bold=total, align=LEFT)
        values = item.get("values") or {}
        for c, column in enumerate(columns, start=2):
            put_number(ws.cell(r, c), None if missing else values.get(column["key"]), column)
            style(ws.cell(r, c), bold=total, align=RIGHT)
        for c in range(1, len(widths) + 1) if total else ():
            ws.cell(r, c).fill = TOTAL_FILL
        ws.row_dimensions[r].height = lines_needed(label, FIRST_WIDTH) * LINE_HEIGHT + 6
        r += 1

    # A blank row, then the signature line, the remark and the units that have not reported.
    r += 1
    notes = [
        _("审核人：%(reviewer)s    填表人：%(filler)s    填报日期：%(date)s")
        % {"reviewer": clean(reviewer), "filler": clean(filler), "date": day_text}
    ]
    if data.get("remark"):
        notes.append(_("情况说明：%(remark)s") % {"remark": clean(data["remark"])})
    if data.get("missing"):
        notes.append(_("未报单位：%(units)s") % {"units": "、".join(clean(m) for m in data["missing"])})
    for text in notes:
        put_text(ws.cell(r, 1), text)
        style(ws.cell(r, 1), boxed=False, align=Alignment(horizontal="left", vertical="top", wrap_text=True))
        merge(ws, r, 1, r, last)
        ws.row_dimensions[r].height = lines_needed(text, sum(widths)) * LINE_HEIGHT + 6
        r += 1

    print_setup(ws, "3:4", "B5")


# --- sheet 2: 重大隐患明细 (seed 004) -------------------------------------------------------------


def _details_sheet(ws: Worksheet, details: list[dict]) -> None:
    for i, (_key, _label, width) in enumerate(DETAIL_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    put_text(ws.cell(1, 1), _("专项行动检查发现重大隐患明细"))
    style(ws.cell(1, 1), bold=True, size=16, boxed=False)
    merge(ws, 1, 1, 1, len(DETAIL_COLUMNS))
    ws.row_dimensions[1].height = 30
    for c, (_key, label, _width) in enumerate(DETAIL_COLUMNS, start=1):
        cell = ws.cell(2, c)
        put_text(cell, str(label))
        style(cell, bold=True)
        cell.fill = HEADER_FILL
    ws.row_dimensions[2].height = 2 * LINE_HEIGHT + 6

    for r, item in enumerate(details, start=3):
        lines = 1
        for c, (key, _label, width) in enumerate(DETAIL_COLUMNS, start=1):
            cell, value = ws.cell(r, c), item.get(key)
            day = day_of(value) if key in DATE_KEYS else None
            if key == "number":
                put_number(cell, value, {})
            elif day:
                cell.value, cell.number_format = day, "yyyy-mm-dd"
            else:
                put_text(cell, value)
                lines = max(lines, lines_needed(clean(value), width))
            style(cell, align=LEFT if key in WRAPPED_KEYS else CENTER)
        ws.row_dimensions[r].height = lines * LINE_HEIGHT + 6

    print_setup(ws, "2:2", "A3")
