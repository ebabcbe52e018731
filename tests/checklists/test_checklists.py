"""Checklist templates: versions, immutability once used, Excel import/export all-or-nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest

from checklists.models import ChecklistItem, ChecklistTemplate
from checklists.services import checklist_create, checklist_data, checklist_revise
from checklists.xlsx import HEADERS, checklist_import, export_checklist
from core.errors import DomainError, NotPermitted, RowErrors

pytestmark = pytest.mark.django_db

DATA = {
    "name": "粉尘涉爆检查表",
    "sections": [
        {
            "title": "除尘系统",
            "items": [
                {
                    "number": "1",
                    "text": "不同防火分区的除尘系统互联互通",
                    "industries": ["dust_explosion"],
                    "major_criterion": True,
                    "hazard_level": "major",
                },
                {"number": "2", "text": "除尘器定期清灰", "answer_kind": "compliance"},
            ],
        }
    ],
}


@pytest.fixture
def template(official_a):
    return checklist_create(actor=official_a, code="dust", data=DATA)


def test_template_is_created_as_version_one_with_sections_and_items(template):
    assert (template.version, template.sections.count(), template.items.count()) == (1, 1, 2)
    major = template.items.get(number="1")
    assert major.implied_hazard_level == "major"
    assert list(major.industries.values_list("code", flat=True)) == ["dust_explosion"]


def test_unused_template_item_may_still_be_corrected(template):
    item = template.items.get(number="2")
    item.text = "除尘器按规定定期清灰"
    item.save()
    assert ChecklistItem.objects.get(pk=item.pk).text == "除尘器按规定定期清灰"
    assert ChecklistTemplate.objects.get(pk=template.pk).version == 1


def test_template_used_by_an_inspection_is_immutable(template, enterprise_a):
    from inspections.models import Inspection

    Inspection.objects.create(enterprise=enterprise_a, kind="enforcement", template=template)
    item = template.items.get(number="2")
    item.text = "改动"
    with pytest.raises(DomainError, match="已被检查使用"):
        item.save()
    with pytest.raises(DomainError):
        template.save()
    with pytest.raises(DomainError):
        ChecklistItem(template=template, section=template.sections.first(), text="新增").save()
    assert ChecklistItem.objects.get(pk=item.pk).text == "除尘器定期清灰"


def test_revising_creates_a_new_version_linked_to_the_previous(template, official_a, enterprise_a):
    from inspections.models import Inspection

    Inspection.objects.create(enterprise=enterprise_a, kind="enforcement", template=template)
    data = checklist_data(template)
    data["sections"][0]["items"].append({"number": "3", "text": "粉尘清扫制度"})
    new = checklist_revise(actor=official_a, template=template, data=data)
    assert (new.code, new.version, new.previous) == ("dust", 2, template)
    assert new.items.count() == 3 and template.items.count() == 2


def test_duplicate_code_is_refused_and_enterprise_user_may_not_create(template, official_a, enterprise_user):
    with pytest.raises(DomainError, match="已存在"):
        checklist_create(actor=official_a, code="dust", data=DATA)
    with pytest.raises(NotPermitted):
        checklist_create(actor=enterprise_user, code="x", data=DATA)


def _workbook(rows) -> io.BytesIO:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "检查项"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


GOOD_ROW = ["安全管理", "", "1", "主要负责人履职情况", "", "", "", "否", "一般", "否"]


def test_excel_import_creates_a_template(official_a):
    f = _workbook([GOOD_ROW, ["现场管理", "安监局", "1", "粉尘涉爆场所作业", "", "dust_explosion", "", "是", "", "是"]])
    t = checklist_import(actor=official_a, fileobj=f, code="xlsx", name="导入检查表")
    assert (t.version, t.sections.count(), t.items.count()) == (1, 2, 2)
    item = t.items.get(text="粉尘涉爆场所作业")
    assert item.major_criterion and item.photo_required and item.hazard_level == "major"
    assert t.sections.get(title="现场管理").lead_department == "安监局"


def test_excel_import_with_a_bad_row_writes_nothing_and_names_row_and_column(official_a):
    f = _workbook([GOOD_ROW, ["现场管理", "", "2", "", "", "no_such", "选择", "也许", "", ""]])
    with pytest.raises(RowErrors) as exc:
        checklist_import(actor=official_a, fileobj=f, code="xlsx", name="导入检查表")
    errors = {(e["row"], e["column"]) for e in exc.value.rows}
    assert {(3, "检查内容"), (3, "适用行业"), (3, "回答方式"), (3, "需拍照")} <= errors
    assert not ChecklistTemplate.objects.filter(code="xlsx").exists()


def test_excel_import_of_an_existing_code_is_a_new_version(template, official_a):
    t = checklist_import(actor=official_a, fileobj=_workbook([GOOD_ROW]), code="dust", name="粉尘涉爆检查表")
    assert t.version == 2 and t.previous == template


def test_export_round_trips_through_import(template, official_a):
    data = io.BytesIO(export_checklist(template))
    again = checklist_import(actor=official_a, fileobj=data, code="dust-copy", name="副本")
    assert [i.text for i in again.items.all()] == [i.text for i in template.items.all()]
    assert again.items.get(number="1").major_criterion


def test_non_excel_file_is_refused(official_a):
    with pytest.raises(DomainError, match="不是 Excel"):
        checklist_import(actor=official_a, fileobj=io.BytesIO(b"hello world"), code="x", name="x")
