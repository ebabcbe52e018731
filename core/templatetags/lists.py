"""Template helpers of the keyset lists: the count as shown (exact, or 约 an estimate)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def list_count(page) -> str:
    """ "1,234" for an exact count, "约 12,000" for PostgreSQL's estimate of a long list."""
    number = f"{page.count:,}"
    return _("约 %(n)s") % {"n": number} if page.count_estimated else number


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
