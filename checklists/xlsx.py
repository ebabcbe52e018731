"""Excel import and export of checklist templates, with the all-or-nothing row error report.

Layout (sheet 「检查项」, one row per item, first row = headers; a 「填写说明」 sheet explains it):

| 分节* | 分节牵头部门 | 序号 | 检查内容* | 依据 | 适用行业 | 回答方式 | 需拍照 | 不符合时隐患等级 | 重大事故隐患判定标准 |

- 分节: rows with the same 分节 text, in order, form one section;
- 适用行业: industry codes separated by 、 , ；(see the 「行业代码」 sheet);
- 回答方式: 符合/不符合/不适用 (default) · 数值 · 文字;
- 需拍照 / 重大事故隐患判定标准: 是 / 否 (default 否);
- 不符合时隐患等级: 一般 (default) / 重大; a 判定标准 item is always 重大.

The template's code and name are given with the upload. Every row is checked first; any error
→ RowErrors with (row, column, message) and nothing written.
"""

from __future__ import annotations

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from core.errors import DomainError, NotPermitted, RowErrors
from core.models import Industry
from core.xlsx import cell_text, check_xlsx_file, is_formula, open_workbook, read_rows

from .choices import AnswerKind, HazardLevel
from .models import ChecklistTemplate

# (header, key, required, help)
COLUMNS = [
    ("分节", "section", True, "同一分节的检查项写相同的分节名称，按出现顺序分节"),
    ("分节牵头部门", "lead_department", False, "如 安监局（各街道、老洪港）"),
    ("序号", "number", False, "如 1、2、3"),
    ("检查内容", "text", True, "检查项原文"),
    ("依据", "legal_basis", False, "法律法规、标准条款"),
    ("适用行业", "industries", False, "行业代码，多个用顿号或逗号分隔，见「行业代码」表；留空为全部行业"),
    ("回答方式", "answer_kind", False, "符合/不符合/不适用（默认） · 数值 · 文字"),
    ("需拍照", "photo_required", False, "是 / 否（默认否）"),
    ("不符合时隐患等级", "hazard_level", False, "一般（默认） / 重大"),
    ("重大事故隐患判定标准", "major_criterion", False, "是 / 否（默认否）；是则不符合即为重大隐患"),
]
HEADERS = [c[0] for c in COLUMNS]
ANSWER_WORDS = {"符合/不符合/不适用": AnswerKind.COMPLIANCE, "数值": AnswerKind.NUMBER, "文字": AnswerKind.TEXT}
for _kind in AnswerKind:
    ANSWER_WORDS[_kind.value] = _kind
LEVEL_WORDS = {
    "一般": HazardLevel.GENERAL,
    "重大": HazardLevel.MAJOR,
    "一般隐患": HazardLevel.GENERAL,
    "重大隐患": HazardLevel.MAJOR,
}
for _level in HazardLevel:
    LEVEL_WORDS[_level.value] = _level
YES_NO = {"是": True, "否": False, "": False, "Y": True, "N": False, "1": True, "0": False}
SPLIT = str.maketrans({"，": ",", "、": ",", "；": ",", ";": ",", " ": ","})
ANSWER_LABEL = {AnswerKind.COMPLIANCE: "符合/不符合/不适用", AnswerKind.NUMBER: "数值", AnswerKind.TEXT: "文字"}


def _style_header(ws) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "A2"


def export_checklist(template: ChecklistTemplate | None) -> bytes:
    """The workbook of a template (or an empty import template when None)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "检查项"
    ws.append([f"{h}*" if req else h for h, _k, req, _help in COLUMNS])
    _style_header(ws)
    for letter, width in zip("ABCDEFGHIJ", (30, 20, 6, 60, 30, 20, 18, 8, 14, 18), strict=True):
        ws.column_dimensions[letter].width = width
    if template is not None:
        for section in template.sections.prefetch_related("items__industries"):
            for item in section.items.all():
                ws.append(
                    [
                        section.title,
                        section.lead_department,
                        item.number,
                        item.text,
                        item.legal_basis,
                        "、".join(i.code for i in item.industries.all()),
                        ANSWER_LABEL.get(item.answer_kind, item.answer_kind),
                        "是" if item.photo_required else "否",
                        "重大" if item.hazard_level == HazardLevel.MAJOR else "一般",
                        "是" if item.major_criterion else "否",
                    ]
                )
    guide = wb.create_sheet("填写说明")
    guide.append(["列名", "是否必填", "说明"])
    for header, _key, required, help_text in COLUMNS:
        guide.append([header, "必填" if required else "选填", help_text])
    guide.append([])
    guide.append(
        ["说明", "", "第一行为表头，请勿修改；每行一个检查项。不接受公式。全部行校验通过才会导入，否则一行也不导入。"]
    )
    if template is not None:
        guide.append(["检查表", "", f"{template.code} v{template.version} {template.name}"])
    _style_header(guide)
    guide.column_dimensions["C"].width = 80
    codes = wb.create_sheet("行业代码")
    codes.append(["行业代码", "名称"])
    for industry in Industry.objects.order_by("path"):
        codes.append([industry.code, industry.name])
    _style_header(codes)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _present_headers(fileobj) -> set[str]:
    """The headers of the first sheet: optional columns may be left out of the file."""
    workbook = open_workbook(fileobj)
    try:
        first = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True), ())
        return {str(h).strip().rstrip("*") for h in first if h is not None}
    finally:
        workbook.close()
        fileobj.seek(0)


def parse_checklist_file(fileobj) -> dict:
    """Read and check every row; return {"sections": [...]} or raise RowErrors (nothing written)."""
    check_xlsx_file(fileobj)
    industries = set(Industry.objects.values_list("code", flat=True))
    errors: list[dict] = []
    sections: list[dict] = []
    by_title: dict[str, dict] = {}
    present = _present_headers(fileobj)
    headers = [h for h, _k, req, _help in COLUMNS if req or h in present]
    for row in read_rows(fileobj, headers=headers):
        values = {h.rstrip("*"): v for h, v in row.values.items()}
        start = len(errors)

        def err(column: str, message: str, row=row) -> None:
            errors.append({"row": row.number, "column": column, "message": message})

        for header in HEADERS:
            if is_formula(values.get(header)):
                err(header, _("不接受公式，请填写值。"))
        text = {h: cell_text(values.get(h)) for h in HEADERS}  # absent optional columns read as ""
        for header, _key, required, _help in COLUMNS:
            if required and not text[header]:
                err(header, _("必填，不能为空。"))
        if len(text["分节"]) > 300:
            err("分节", _("长度超过 %(n)d 个字符。") % {"n": 300})
        if len(text["序号"]) > 20:
            err("序号", _("长度超过 %(n)d 个字符。") % {"n": 20})
        codes = [c for c in text["适用行业"].translate(SPLIT).split(",") if c]
        for code in codes:
            if code not in industries:
                err("适用行业", _("行业代码「%(c)s」不存在。") % {"c": code})
        answer = ANSWER_WORDS.get(text["回答方式"] or "符合/不符合/不适用")
        if answer is None:
            err("回答方式", _("应为 符合/不符合/不适用、数值 或 文字。"))
        level = LEVEL_WORDS.get(text["不符合时隐患等级"] or "一般")
        if level is None:
            err("不符合时隐患等级", _("应为「一般」或「重大」。"))
        photo = YES_NO.get(text["需拍照"])
        if photo is None:
            err("需拍照", _("应为「是」或「否」。"))
        major = YES_NO.get(text["重大事故隐患判定标准"])
        if major is None:
            err("重大事故隐患判定标准", _("应为「是」或「否」。"))
        if len(errors) != start:
            continue
        section = by_title.get(text["分节"])
        if section is None:
            section = {"title": text["分节"], "lead_department": text["分节牵头部门"], "items": []}
            by_title[text["分节"]] = section
            sections.append(section)
        section["items"].append(
            {
                "number": text["序号"] or str(len(section["items"]) + 1),
                "text": text["检查内容"],
                "legal_basis": text["依据"],
                "industries": codes,
                "answer_kind": answer,
                "photo_required": photo,
                "hazard_level": HazardLevel.MAJOR if major else level,
                "major_criterion": major,
            }
        )
    if not sections and not errors:
        errors.append({"row": 2, "column": "", "message": _("文件中没有数据行。")})
    if errors:
        raise RowErrors(errors)
    return {"sections": sections}


def checklist_import(*, actor, fileobj, code: str, name: str, description: str = "") -> ChecklistTemplate:
    """Import a template from Excel: a new code → version 1; an existing code → a new version."""
    from .services import can_write_checklists, checklist_create, checklist_revise

    if not can_write_checklists(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以导入检查表。"))
    if not (code or "").strip():
        raise DomainError(_("编码不能为空。"), field="code")
    if not (name or "").strip():
        raise DomainError(_("名称不能为空。"), field="name")
    data = parse_checklist_file(fileobj)
    data.update(name=name.strip(), description=description)
    latest = ChecklistTemplate.objects.filter(code=code.strip()).order_by("-version").first()
    if latest is not None:
        return checklist_revise(actor=actor, template=latest, data=data)
    return checklist_create(actor=actor, code=code.strip(), data=data)
