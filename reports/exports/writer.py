"""Streaming writers of an export: Excel (openpyxl write-only: rows go to disk as they come, the
memory stays flat at any size) or CSV (UTF-8 with BOM so Excel and WPS read the Chinese).

Text is written as text that is never evaluated (core.xlsx.put_text / csv_safe), control characters
are dropped, dates are real dates, and the sheet has a title row with the filters and the time,
a frozen header and column widths.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from copy import copy
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.xlsx import clean, csv_safe, put_text

from .kinds import Column, ExportKind

FORMATS = {
    "text": None,
    "number": "0",
    "money": "0.00##",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


class _Styles:
    """One style per column kind, built once and copied (openpyxl hashes every style it is given)."""

    def __init__(self, ws):
        self.ws = ws
        self.cache: dict[str, object] = {}

    def cell(self, value, kind: str):
        cell = WriteOnlyCell(self.ws)
        if value is None or value == "":
            return cell
        if kind == "text" or not isinstance(value, int | float | date | datetime):
            put_text(cell, value)
            return cell
        if isinstance(value, datetime):
            value = value.replace(tzinfo=None)  # already local time; Excel has no time zones
        cell.value = value
        if kind not in self.cache:
            cell.number_format = FORMATS.get(kind) or "General"
            self.cache[kind] = copy(cell._style)
        else:
            cell._style = copy(self.cache[kind])
        return cell


def write_xlsx(path, kind: ExportKind, title: str, rows: Iterable[list]) -> None:
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(str(kind.sheet or kind.label))
    columns: list[Column] = kind.columns
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A3"
    # Printed as officials file it: A4 landscape, all columns on the page width, header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "2:2"
    heading = WriteOnlyCell(ws, value=clean(title))
    heading.font = Font(bold=True, size=12)
    ws.append([heading])
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=str(column.header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)
    styles = _Styles(ws)
    for values in rows:
        ws.append([styles.cell(value, column.kind) for value, column in zip(values, columns, strict=True)])
    workbook.save(path)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return csv_safe(value)


def write_csv(path, kind: ExportKind, title: str, rows: Iterable[list]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([str(c.header) for c in kind.columns])
        for values in rows:
            writer.writerow([_csv_value(v) for v in values])
