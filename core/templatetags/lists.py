"""Template helpers of the keyset lists: the count as shown (exact, or 约 an estimate) and the
list's query string without its position."""

from __future__ import annotations

from django import template

from core.keyset import count_label

register = template.Library()


@register.simple_tag
def list_count(page) -> str:
    """A page's count as shown: "1,234", or "约 12,000" for an estimate (core.keyset.count_label)."""
    return count_label(page.count, page.count_estimated)


@register.simple_tag(takes_context=True)
def list_query(context) -> str:
    """The current list's query string without its position (filters kept)."""
    from core.views import query_without_page

    return query_without_page(context["request"])


@register.simple_tag(takes_context=True)
def list_query_items(context) -> list[tuple[str, str]]:
    """The same, as (name, value) pairs for the hidden fields of the jump box."""
    from core.views import POSITION_PARAMS

    return [(k, v) for k, values in context["request"].GET.lists() if k not in POSITION_PARAMS for v in values]
