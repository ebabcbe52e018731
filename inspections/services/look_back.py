"""Look-backs (回头看): one check per hazard an earlier inspection found, confirmed rectified or not."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError

from ..choices import InspectionKind, InspectionMethod, InspectionStatus
from ..models import (
    Finding,
    Inspection,
    LookBackCheck,
)
from .lifecycle import _ensure_can_fill, _ensure_editable, _ensure_visible, _lock, _start_if_planned
from .planning import inspection_plan

# --- look-back -------------------------------------------------------------------------------


@transaction.atomic
def inspection_create_look_back(
    *,
    actor,
    previous: Inspection,
    inspectors: list,
    planned_start: date | None = None,
    planned_end: date | None = None,
    method: str = InspectionMethod.PLANNED,
) -> Inspection:
    """A look-back (回头看) of an earlier submitted inspection: one check per hazard it found,
    with the hazard's state now; the inspector confirms each rectified or not."""
    _ensure_visible(actor, previous)
    previous = Inspection.objects.get(pk=previous.pk)
    if previous.status not in (InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED):
        raise DomainError(_("只能对已提交的检查开展回头看。"), field="previous")
    inspection = inspection_plan(
        actor=actor,
        campaign=previous.campaign,
        enterprise=previous.enterprise,
        kind=InspectionKind.LOOK_BACK,
        method=method,
        inspectors=inspectors,
        planned_start=planned_start,
        planned_end=planned_end,
        previous=previous,
    )
    for hazard in previous.hazards.order_by("id"):
        LookBackCheck.objects.create(inspection=inspection, hazard=hazard, status_at_creation=hazard.status)
    return inspection


@transaction.atomic
def look_back_confirm(*, actor, check: LookBackCheck, rectified: bool, note: str = "") -> LookBackCheck:
    """Confirm one earlier hazard rectified or not; not rectified → a finding of the look-back
    (a new hazard on submission), linked to the check."""
    inspection = check.inspection
    _ensure_can_fill(actor, inspection)
    inspection = _lock(inspection)
    _ensure_editable(inspection)
    check = LookBackCheck.objects.select_for_update().get(pk=check.pk)
    check.rectified, check.note, check.checked_by, check.checked_at = rectified, note, actor, timezone.now()
    check.save(update_fields=["rectified", "note", "checked_by", "checked_at"])
    existing = Finding.objects.filter(look_back_check=check).first()
    if not rectified and existing is None:
        Finding.objects.create(
            inspection=inspection,
            description=_("回头看：原隐患未整改到位——%(d)s") % {"d": check.hazard.description}
            + (f"（{note}）" if note else ""),
            level=check.hazard.level,
            location=check.hazard.location,
            look_back_check=check,
            created_by=actor,
        )
    elif rectified and existing is not None and existing.hazard_id is None:
        existing.delete()
    _start_if_planned(inspection, actor=actor)
    audit_record(
        actor=actor,
        obj=inspection,
        action="look_back_confirm",
        changes={"hazard": check.hazard_id, "rectified": rectified},
    )
    return check
