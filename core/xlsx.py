"""Hardened spreadsheet reading shared by every Excel import.

openpyxl parses with defusedxml (installed), in read-only mode; the file's size, its
decompressed size and its row count are limited before and while reading; formulas are
rejected, never evaluated.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError, RowErrors

XLSX_MAGIC = b"PK\x03\x04"
MAX_EXPANSION = 40  # decompressed bytes allowed per compressed byte (zip-bomb guard)


def check_xlsx_file(fileobj, *, max_bytes: int | None = None) -> None:
    """Refuse anything that is not a reasonably sized .xlsx workbook, by content not by name."""
    max_bytes = max_bytes or settings.IMPORT_MAX_BYTES
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    if size == 0:
        raise DomainError(_("上传的文件为空。"), field="file")
    if size > max_bytes:
        raise DomainError(
            _("文件过大（%(size).1f MB），上限为 %(max).0f MB。") % {"size": size / 1e6, "max": max_bytes / 1e6},
            field="file",
        )
    head = fileobj.read(4)
    fileobj.seek(0)
    if head != XLSX_MAGIC:
        raise DomainError(_("文件不是 Excel 工作簿（.xlsx），请使用下载的模板。"), field="file")
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
            declares_entities = any(_declares_entities(archive, info) for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DomainError(_("文件已损坏，无法作为 Excel 工作簿读取。"), field="file") from exc
    finally:
        fileobj.seek(0)
    if "xl/workbook.xml" not in names:
        raise DomainError(_("文件不是 Excel 工作簿（.xlsx），请使用下载的模板。"), field="file")
    if expanded > max(size, 1) * MAX_EXPANSION and expanded > 50 * 1024 * 1024:
        raise DomainError(_("文件解压后体积异常，已拒绝。"), field="file")
    if declares_entities:
        raise DomainError(_("Excel 文件含有 XML 实体声明（DOCTYPE），可能是恶意文件，已拒绝。"), field="file")


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DOCTYPE (entity bombs, external entities). Office never
    writes one; a DOCTYPE can only stand in the prolog, so the start of each part suffices.
    openpyxl's parser (defusedxml) refuses them too; this answers before anything is parsed."""
    if not info.filename.endswith((".xml", ".rels", ".vml")):
        return False
    with archive.open(info) as part:
        head = part.read(64 * 1024)
    return b"<!doctype" in head.lower() or b"<!entity" in head.lower() or b"<\x00!\x00" in head


def open_workbook(fileobj):
    """openpyxl's streaming reader; any failure to read the file is a 400 naming the file field."""
    try:
        return openpyxl.load_workbook(fileobj, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for malformed files
        raise DomainError(_("无法读取 Excel 文件：%(e)s") % {"e": type(exc).__name__}, field="file") from exc


@dataclass
class SheetRow:
    number: int  # the row number as Excel shows it
    values: dict[str, object]  # header → value


def read_rows(
    fileobj, *, headers: list[str], sheet: str | None = None, max_rows: int | None = None
) -> Iterator[SheetRow]:
    """Yield data rows keyed by header, from the first sheet (or `sheet`), streaming.

    Unknown or missing required headers, formulas and too many rows raise RowErrors/DomainError.
    """
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    workbook = open_workbook(fileobj)
    try:
        ws = workbook[sheet] if sheet and sheet in workbook.sheetnames else workbook.worksheets[0]
        rows = _unreadable_as_400(ws.iter_rows(values_only=True))
        header_row = next(rows, None)
        if header_row is None:
            raise DomainError(_("工作表为空。"), field="file")
        found = [str(h).strip().rstrip("*") if h is not None else "" for h in header_row]
        missing = [h for h in headers if h.rstrip("*") not in found]
        if missing:
            raise RowErrors(
                [
                    {"row": 1, "column": h, "message": _("缺少列「%(h)s」，请使用下载的模板。") % {"h": h}}
                    for h in missing
                ]
            )
        index = {h: found.index(h.rstrip("*")) for h in headers}
        count = 0
        for number, raw in enumerate(rows, start=2):
            if raw is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
                continue
            count += 1
            if count > max_rows:
                raise DomainError(_("行数超过上限 %(n)d 行。") % {"n": max_rows}, field="file")
            values = {h: (raw[i] if i < len(raw) else None) for h, i in index.items()}
            yield SheetRow(number, values)
    finally:
        workbook.close()


def _unreadable_as_400(rows):
    """A sheet's XML is parsed lazily, row by row: a parse failure there is the file's fault (400)."""
    while True:
        try:
            raw = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl / defusedxml raise many types
            raise DomainError(_("无法读取 Excel 文件：%(e)s") % {"e": type(exc).__name__}, field="file") from exc
        yield raw


def count_data_rows(fileobj, *, max_rows: int | None = None) -> int:
    """Rows in the first sheet below the header (from the sheet's dimension when present)."""
    workbook = open_workbook(fileobj)
    try:
        ws = workbook.worksheets[0]
        if ws.max_row and ws.max_row > 1:
            return ws.max_row - 1
        return sum(1 for _row in ws.iter_rows(min_row=2, values_only=True))
    except DomainError:
        raise
    except Exception as exc:  # a sheet's XML is parsed only here, lazily
        raise DomainError(_("无法读取 Excel 文件：%(e)s") % {"e": type(exc).__name__}, field="file") from exc
    finally:
        workbook.close()
        fileobj.seek(0)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def cell_date(value) -> date | None:
    """A date from a date cell or a text such as 2026-12-31 / 2026/12/31 / 2026年12月31日."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ValueError(_("日期格式应为 YYYY-MM-DD")) from exc


# --- writing text safely ------------------------------------------------------------------------

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(value) -> str:
    """The text of a value as a cell may hold it: CR/LF → LF, other control characters removed
    (one stray control character must never make a whole export fail)."""
    if value is None:
        return ""
    return _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))


def put_text(cell, value) -> None:
    """Write text that Excel and WPS show as is and never evaluate (no formula, no DDE): written as
    a string (inlineStr, never <f>) and, when it starts like a formula, with Excel's quote prefix."""
    text = clean(value)
    cell.value = text or None
    if text:
        cell.data_type = "s"
        if text.startswith(RISKY_START):
            cell.quotePrefix = True


def csv_safe(value) -> str:
    """A CSV field that a spreadsheet will not evaluate: text starting like a formula gets a
    leading apostrophe (CSV has no cell types)."""
    text = clean(value)
    return "'" + text if text.startswith(RISKY_START) else text
