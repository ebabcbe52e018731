"""The hazard lifecycle: every state change of a hazard happens here and nowhere else."""

from __future__ import annotations

from django.db import transaction

from core.audit import audit_record

from .choices import HazardStatus
from .models import Hazard


@transaction.atomic
def hazard_report(
    *,
    actor,
    enterprise,
    level: str,
    description: str,
    source: str,
    inspection=None,
    item=None,
    campaign=None,
    location: str = "",
    category: str = "",
) -> Hazard:
    """Record a new hazard in state `reported` (from an inspection item, a finding or a self-report)."""
    hazard = Hazard.objects.create(
        enterprise=enterprise,
        level=level,
        description=description,
        source=source,
        inspection=inspection,
        item=item,
        campaign=campaign or (inspection.campaign if inspection else None),
        location=location,
        category=category,
        status=HazardStatus.REPORTED,
        found_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        obj=hazard,
        action="report",
        to_state=HazardStatus.REPORTED,
        changes={"level": level, "source": source, "description": description},
    )
    return hazard
