"""The progress report (工作进展情况) as a Word document (.docx, python-docx): data in, bytes out.

Units edit the file before sending it, so it is plain Word: A4 with the margins of 党政机关公文
(GB/T 9704: 37/35/28/26 mm), the title centred in bold 宋体, headings in 黑体, body text in 仿宋
with a two-character first-line indent, Word tables with a repeated header row, an empty
paragraph under 五、下一步工作 for the unit to fill in, and the page number "— n —" in the footer.
Every run names its East-Asian font (`w:eastAsia`), which Word and WPS use for Chinese text.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

SONG = "宋体"
HEI = "黑体"
FANGSONG = "仿宋"
KAI = "楷体"
LATIN = "Times New Roman"
BODY_PT = 14
TABLE_PT = 10.5


def _fonts(run_or_style, east_asia: str, *, size: float | None = None, bold: bool | None = None) -> None:
    """Set the Latin and the East-Asian font (rPr/rFonts w:eastAsia) of a run or a style."""
    font = run_or_style.font
    font.name = LATIN
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)


def _run(paragraph, text: str, east_asia: str = FANGSONG, *, size: float = BODY_PT, bold: bool = False, grey=False):
    run = paragraph.add_run(text)
    _fonts(run, east_asia, size=size, bold=bold)
    if grey:
        run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    return run


def _paragraph(doc, text: str = "", *, east_asia: str = FANGSONG, size: float = BODY_PT, bold=False, indent=True):
    """A body paragraph: 1.5 lines, a two-character first-line indent."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = 1.5
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if text:
        _run(p, text, east_asia, size=size, bold=bold)
    return p


def _heading(doc, text: str):
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.space_after = Pt(4)
    p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    p.paragraph_format.keep_with_next = True
    _run(p, text, HEI, size=BODY_PT)
    return p


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _cell_text(cell, text: str, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT, east_asia: str = SONG) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.15
    _run(p, text, east_asia, size=TABLE_PT, bold=bold)


def _table(doc, header: list[str], rows: list[list[str]], widths_mm: list[float], centred: set[int] = frozenset()):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, east_asia=HEI)
        _shade(cell, "E7E6E6")
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            align = WD_ALIGN_PARAGRAPH.CENTER if i in centred else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cells[i], text, align=align)
    layout = OxmlElement("w:tblLayout")  # fixed: Word, WPS and LibreOffice keep the column widths
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")  # narrower than Word's 1.9 mm so that 序号 and dates fit
    for side, mm in (("top", 0.6), ("left", 1.2), ("bottom", 0.6), ("right", 1.2)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(mm * 56.7)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def _page_number_footer(section) -> None:
    """ "— 1 —" centred at the foot of every page (a PAGE field)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", SONG, size=12)
    run = _run(p, "", SONG, size=12)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    _run(p, " —", SONG, size=12)


def render_progress_docx(data: dict) -> bytes:
    """The .docx of a progress report (`reports.progress.progress_report_data`)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    normal = doc.styles["Normal"]
    _fonts(normal, FANGSONG, size=BODY_PT)
    doc.core_properties.title = data["title"]
    doc.core_properties.author = data["unit"]
    doc.core_properties.language = "zh-CN"
    text_width = 210 - 28 - 26

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    title.paragraph_format.line_spacing = 1.3
    _run(title, data["title"], SONG, size=16, bold=True)

    span = doc.add_paragraph()
    span.alignment = WD_ALIGN_PARAGRAPH.CENTER
    span.paragraph_format.space_after = Pt(10)
    _run(span, f"（{data['date_line']}）", KAI, size=12)

    unit_line = doc.add_paragraph()
    unit_line.paragraph_format.space_after = Pt(8)
    unit_line.paragraph_format.tab_stops.add_tab_stop(Mm(text_width), WD_TAB_ALIGNMENT.RIGHT)
    _run(unit_line, _("填报单位：%(u)s") % {"u": data["unit"]}, FANGSONG, size=12)
    _run(unit_line, "\t" + _("日期：%(d)s") % {"d": data["date"]}, FANGSONG, size=12)

    h = data["headings"]
    _heading(doc, h["overall"])
    _paragraph(doc, data["opening"])

    _heading(doc, h["phase"])
    _paragraph(doc, data["phase"]["text"])
    if data["phase"].get("description"):
        _paragraph(doc, _("本阶段工作内容：%(d)s") % {"d": data["phase"]["description"]})

    _heading(doc, h["tasks"])
    if data["tasks"]:
        rows = [
            [
                str(t["number"]),
                t["title"],
                t["lead"],
                t["deadline"] or "—",
                t["status_label"],
                (t["note"] + (f"（{t['noted_on']}）" if t["noted_on"] else "")) if t["note"] else "—",
            ]
            for t in data["tasks"]
        ]
        _table(
            doc,
            [_("序号"), _("任务"), _("牵头单位"), _("完成时限"), _("进展"), _("最新进展说明")],
            rows,
            [12, 34, 26, 24, 16, text_width - 12 - 34 - 26 - 24 - 16],
            centred={0, 3, 4},
        )
    else:
        _paragraph(doc, _("专项行动未分解任务。"))

    _heading(doc, h["ranking"])
    if data["ranking"]:
        note = _paragraph(doc, indent=False)
        note.paragraph_format.space_after = Pt(2)
        note.paragraph_format.keep_with_next = True
        _run(note, _("按检查覆盖率、隐患整改率从高到低排列；“—”表示无应检查企业或无隐患。"), KAI, size=10.5)
        rows = [
            [str(r["rank"]), r["name"], r["coverage_text"], r["rectification_text"], str(r["hazards_found"])]
            for r in data["ranking"]
        ]
        _table(
            doc,
            [_("名次"), _("单位"), _("检查覆盖率"), _("隐患整改率"), _("发现隐患（项）")],
            rows,
            [14, text_width - 14 - 30 - 30 - 32, 30, 30, 32],
            centred={0, 2, 3, 4},
        )
    else:
        _paragraph(doc, _("本单位无下级单位。"))

    _heading(doc, h["next"])
    blank = _paragraph(doc)  # the unit writes its next steps here
    blank.paragraph_format.keep_with_next = True  # the closing never starts a page alone

    for text in (data["unit"], data["date"]):
        p = _paragraph(doc, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Mm(8)
        if text == data["unit"]:
            p.paragraph_format.space_before = Pt(18)
            p.paragraph_format.keep_with_next = True
        _run(p, text)

    _page_number_footer(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
