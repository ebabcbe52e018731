"""Writes of checklist templates: a new template (version 1), a revision (a new version; the
old one stays as inspections used it), and the template as plain data for export and revision."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError, NotPermitted
from core.models import Industry
from enterprises.scoping import is_writer

from .models import ChecklistItem, ChecklistSection, ChecklistTemplate


def can_write_checklists(user) -> bool:
    """Officials who write (administrators and inspectors) create and revise templates."""
    return is_writer(user)


def can_change_checklist(user, template: ChecklistTemplate) -> bool:
    """Revise: a writer whose jurisdiction contains the drawing agency (any writer for issued content)."""
    if not can_write_checklists(user):
        return False
    if user.is_superuser or template.agency_id is None:
        return True
    return template.agency.region.path.startswith(user.agency.region.path)


def checklist_in_use(template: ChecklistTemplate) -> bool:
    """A version used by any inspection is immutable."""
    return template.in_use()


def write_checklist(
    *, data: dict, code: str, version: int, previous: ChecklistTemplate | None, industry_by_code=None, agency=None
) -> ChecklistTemplate:
    industry_by_code = industry_by_code or {i.code: i for i in Industry.objects.all()}
    template = ChecklistTemplate.objects.create(
        code=code,
        version=version,
        name=data["name"],
        kind=data.get("kind", "inspection"),
        description=data.get("description", ""),
        source_seed=data.get("source_seed", ""),
        previous=previous,
        agency=agency,
    )
    through = ChecklistItem.industries.through
    links = []
    for s_order, section_data in enumerate(data["sections"], start=1):
        section = ChecklistSection.objects.create(
            template=template,
            order=s_order,
            title=section_data["title"],
            lead_department=section_data.get("lead_department", ""),
        )
        items = ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(
                    template=template,
                    section=section,
                    order=i_order,
                    number=item["number"],
                    text=item["text"],
                    legal_basis=item.get("legal_basis", ""),
                    answer_kind=item.get("answer_kind", "compliance"),
                    photo_required=item.get("photo_required", False),
                    hazard_level=item.get("hazard_level", "general"),
                    major_criterion=item.get("major_criterion", False),
                )
                for i_order, item in enumerate(section_data["items"], start=1)
            ]
        )
        for obj, item in zip(items, section_data["items"], strict=True):
            for industry_code in item.get("industries", []):
                links.append(through(checklistitem_id=obj.pk, industry_id=industry_by_code[industry_code].pk))
    through.objects.bulk_create(links)
    return template


def _validate_checklist_data(data: dict) -> None:
    if not (data.get("name") or "").strip():
        raise DomainError(_("检查表名称不能为空。"), field="name")
    if not data.get("sections") or not any(s.get("items") for s in data["sections"]):
        raise DomainError(_("检查表至少要有一个检查项。"), field="sections")


@transaction.atomic
def checklist_create(*, actor, code: str, data: dict) -> ChecklistTemplate:
    """Create version 1 of a new checklist template from {name, description, sections: [{title, items}]}."""
    if not can_write_checklists(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以创建检查表。"))
    code = (code or "").strip()
    if not code:
        raise DomainError(_("编码不能为空。"), field="code")
    if ChecklistTemplate.objects.filter(code=code).exists():
        raise DomainError(_("编码「%(c)s」已存在，请修订该检查表以生成新版本。") % {"c": code}, field="code")
    _validate_checklist_data(data)
    template = write_checklist(data=data, code=code, version=1, previous=None, agency=getattr(actor, "agency", None))
    audit_record(actor=actor, obj=template, action="checklist_create", changes={"code": code, "version": 1})
    return template


@transaction.atomic
def checklist_revise(*, actor, template: ChecklistTemplate, data: dict) -> ChecklistTemplate:
    """Editing a template creates a new version (the old one stays as used by inspections and campaigns)."""
    if not can_write_checklists(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以修订检查表。"))
    latest = ChecklistTemplate.objects.select_for_update().filter(code=template.code).order_by("-version").first()
    if not can_change_checklist(actor, latest):
        raise NotPermitted(_("该检查表由「%(a)s」制定，不在您的辖区内，不能修订。") % {"a": latest.agency})
    _validate_checklist_data(data)
    data = {"source_seed": template.source_seed, "kind": template.kind, **data}
    new = write_checklist(
        data=data, code=template.code, version=latest.version + 1, previous=latest, agency=latest.agency
    )
    audit_record(
        actor=actor,
        obj=new,
        action="checklist_revise",
        changes={"code": new.code, "from_version": latest.version, "version": new.version},
    )
    return new


def checklist_data(template: ChecklistTemplate) -> dict:
    """The template as plain data (the shape `checklist_create`/`checklist_revise` take)."""
    sections = []
    for section in template.sections.prefetch_related("items__industries"):
        sections.append(
            {
                "title": section.title,
                "lead_department": section.lead_department,
                "items": [
                    {
                        "number": i.number,
                        "text": i.text,
                        "legal_basis": i.legal_basis,
                        "industries": [x.code for x in i.industries.all()],
                        "answer_kind": i.answer_kind,
                        "photo_required": i.photo_required,
                        "hazard_level": i.hazard_level,
                        "major_criterion": i.major_criterion,
                    }
                    for i in section.items.all()
                ],
            }
        )
    return {
        "name": template.name,
        "kind": template.kind,
        "description": template.description,
        "source_seed": template.source_seed,
        "sections": sections,
    }
