"""Filling an inspection on site: answers, findings, people met and evidence files."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError
from core.uploads import evidence_accept

from ..choices import AnswerResult
from ..models import (
    Finding,
    Inspection,
    InspectionAnswer,
    InspectionEvidence,
    PersonMet,
)
from ..selectors import applicable_items
from .lifecycle import _ensure_can_fill, _ensure_editable, _lock, _start_if_planned

# --- filling ---------------------------------------------------------------------------------


def _clean_answer(item, data: dict) -> dict:
    result = data.get("result") or ""
    if result and result not in AnswerResult.values:
        raise DomainError(_("第 %(n)s 项的结果无效。") % {"n": item.number}, field="answers")
    number = data.get("number_value")
    if number in ("", None):
        number = None
    else:
        try:
            number = Decimal(str(number))
        except InvalidOperation as exc:
            raise DomainError(_("第 %(n)s 项的数值无效。") % {"n": item.number}, field="answers") from exc
    return {
        "result": result,
        "number_value": number,
        "text_value": (data.get("text_value") or "").strip(),
        "note": (data.get("note") or "").strip(),
    }


@transaction.atomic
def inspection_save_answers(*, actor, inspection: Inspection, answers: list[dict]) -> Inspection:
    """Save (a draft of) answers: a list of {item, result, number_value, text_value, note}.

    Answers are stored server-side, so a draft started on one device resumes on another.
    The first save starts a planned inspection."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    items = {i.id: i for i in applicable_items(inspection)}
    changed = []
    for data in answers:
        item_id = int(data.get("item") or 0)
        item = items.get(item_id)
        if item is None:
            raise DomainError(_("检查项 %(i)s 不属于此检查表。") % {"i": item_id}, field="answers")
        values = _clean_answer(item, data)
        answer, created = InspectionAnswer.objects.get_or_create(inspection=inspection, item=item, defaults=values)
        if not created and any(getattr(answer, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(answer, k, v)
            answer.save()
            changed.append(item_id)
        elif created:
            changed.append(item_id)
    _start_if_planned(inspection, actor=actor)
    if changed:
        audit_record(actor=actor, obj=inspection, action="save_answers", changes={"items": changed})
    return inspection


@transaction.atomic
def finding_add(
    *, actor, inspection: Inspection, description: str, level: str = "general", location: str = ""
) -> Finding:
    """Record a problem found on site that is not on the checklist (表外问题)."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    if not description.strip():
        raise DomainError(_("请填写问题描述。"), field="description")
    finding = Finding.objects.create(
        inspection=inspection, description=description.strip(), level=level, location=location, created_by=actor
    )
    _start_if_planned(inspection, actor=actor)
    audit_record(actor=actor, obj=inspection, action="add_finding", changes={"finding": finding.pk, "level": level})
    return finding


@transaction.atomic
def person_met_add(*, actor, inspection: Inspection, name: str, post: str = "", phone: str = "") -> PersonMet:
    """Record an enterprise person met on site (负责人、安全管理人员等)."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    if not name.strip():
        raise DomainError(_("请填写姓名。"), field="name")
    person = PersonMet.objects.create(inspection=inspection, name=name.strip(), post=post.strip(), phone=phone.strip())
    audit_record(actor=actor, obj=inspection, action="add_person_met", changes={"name": person.name, "post": post})
    return person


@transaction.atomic
def inspection_add_evidence(*, actor, inspection: Inspection, upload, item=None, note: str = "") -> InspectionEvidence:
    """Attach a checked photo or PDF (core.uploads) to the inspection, optionally to one item."""
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    if item is not None and item.template_id != inspection.template_id:
        raise DomainError(_("检查项不属于此检查表。"), field="item")
    values = evidence_accept(upload, actor=actor, folder=f"inspections/{inspection.pk}")
    evidence = InspectionEvidence.objects.create(inspection=inspection, item=item, note=note, **values)
    audit_record(
        actor=actor,
        obj=inspection,
        action="add_evidence",
        evidence=[{"id": evidence.pk, "sha256": evidence.sha256, "name": evidence.original_name}],
    )
    return evidence
