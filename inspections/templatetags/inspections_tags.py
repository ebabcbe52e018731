"""Inclusion tags other apps' pages use to show inspections (the enterprise page). The home page's
inspection to-dos are in inspections/todo.py."""

from __future__ import annotations

from django import template

from ..selectors import inspection_list

register = template.Library()


@register.inclusion_tag("inspections/_enterprise_inspections.html", takes_context=True)
def enterprise_inspections(context, enterprise):
    user = context["request"].user
    rows = list(inspection_list(user=user).filter(enterprise=enterprise).order_by("-created_at")[:20])
    return {"rows": rows, "enterprise": enterprise, "user": user}
