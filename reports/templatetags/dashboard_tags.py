"""The campaign page's dashboard section (数据驾驶舱 of a campaign), for officials."""

from __future__ import annotations

from django import template

from ..dashboard import campaign_dashboard as campaign_dashboard_data

register = template.Library()


@register.inclusion_tag("reports/dashboard_campaign.html", takes_context=True)
def campaign_dashboard(context, campaign):
    """Phase progress, sub-units ranked and submissions on time; nothing for non-officials."""
    user = context["request"].user
    if not (user.is_superuser or getattr(user, "is_official", False)):
        return {"show": False}
    return {"show": True, "campaign": campaign, "d": campaign_dashboard_data(campaign, user)}
