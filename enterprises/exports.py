"""Excel export of a (scoped, filtered) enterprise queryset, streamed in write-only mode."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.xlsx import put_text

from .imports import COLUMNS


def _row_values(e) -> list:
    by_field = {
        "uscc": e.uscc,
        "name": e.name,
        "region": e.region.code,
        "industries": "、".join(i.code for i in e.industries.all()),
        "size": e.get_size_display() if e.size else "",
        "risk_grade": e.get_risk_grade_display() if e.risk_grade else "",
        "supervision_class": e.get_supervision_class_display(),
    }
    values = []
    for _header, field_name, _req, _help in COLUMNS:
        values.append(by_field[field_name] if field_name in by_field else getattr(e, field_name))
    return values


def _cell(ws, value):
    """Text as text (never a live formula, control characters dropped); other values as they are."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(ws)
    put_text(cell, value)
    return cell


def export_enterprises(queryset) -> bytes:
    """The same columns as the import template, so an export can be edited and re-imported."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("企业信息")
    header = []
    for title, *_rest in COLUMNS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    qs = queryset.select_related("region").prefetch_related("industries").order_by("pk")
    for enterprise in qs.iterator(chunk_size=2000):
        ws.append([_cell(ws, value) for value in _row_values(enterprise)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
