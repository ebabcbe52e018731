"""What a failing checklist answer tells its hazard: clean description and location text, and the
photos taken of the item on site (they become the hazard's 整改前 photos)."""

from __future__ import annotations

import re

from ..models import Inspection, InspectionEvidence

# Leading numbering of checklist text: "1." "1、" "（三）" "(3)" "一、" "第3项", repeated ("（三）1.重点行业领域").
_NUMBERING = re.compile(
    r"^\s*(?:第?\d+项|[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十百]+、|\d+(?:\.\d+)*(?:[.、．)）](?!\d)|\s+))\s*"
)


def strip_numbering(text: str) -> str:
    text = (text or "").strip()
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def hazard_description(item, answer) -> str:
    """The requirement not met and what the inspector noted: "安全设施完好状况：二号储罐液位计损坏"."""
    requirement = strip_numbering(item.text).rstrip("。；;，,. ")
    note = (answer.note or "").strip()
    if not note:
        return requirement
    return f"{requirement}：{note}" if requirement else note


def hazard_location(item, photos) -> str:
    """Where: the note of a photo of the item ("储罐区"), else the checklist area it belongs to."""
    for photo in photos:
        if photo.note.strip():
            return photo.note.strip()[:200]
    area = item.section.title.split(" / ")[-1] if item.section_id else ""
    return strip_numbering(area)[:200]


def photos_by_item(inspection: Inspection) -> dict[int, list[InspectionEvidence]]:
    """The inspection's photos grouped by checklist item, in upload order."""
    grouped: dict[int, list[InspectionEvidence]] = {}
    for ev in inspection.evidence.filter(item__isnull=False).order_by("id"):
        if ev.is_image:
            grouped.setdefault(ev.item_id, []).append(ev)
    return grouped
