"""Inclusion tags other apps' pages use to show inspections (home card, enterprise page)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..choices import InspectionStatus
from ..selectors import inspection_list, self_inspections_for

register = template.Library()


@register.inclusion_tag("inspections/_home_card.html", takes_context=True)
def inspections_home_card(context):
    user = context["request"].user
    if getattr(user, "is_enterprise_user", False):
        open_ = list(
            self_inspections_for(user).filter(status__in=[InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS])[:5]
        )
        return {"user": user, "self_open": open_, "today": timezone.localdate()}
    if getattr(user, "is_official", False):
        qs = inspection_list(user=user)
        return {
            "user": user,
            "planned": qs.filter(status=InspectionStatus.PLANNED).count(),
            "to_review": qs.filter(status=InspectionStatus.SUBMITTED).count(),
        }
    return {"user": user}


@register.inclusion_tag("inspections/_enterprise_inspections.html", takes_context=True)
def enterprise_inspections(context, enterprise):
    user = context["request"].user
    rows = list(inspection_list(user=user).filter(enterprise=enterprise).order_by("-created_at")[:20])
    return {"rows": rows, "enterprise": enterprise, "user": user}
