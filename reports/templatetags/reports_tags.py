"""Filters of the statistics pages: a dict lookup and numbers shown in their unit."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def statnum(value, unit: str = "") -> str:
    """Counts as integers, 万元 with two decimals, rates with one decimal and a % sign."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{float(value):.1f}%"
    if unit == "万元":
        return f"{float(value):.2f}"
    return str(int(value))
