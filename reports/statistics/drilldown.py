"""Every figure leads to its rows: the list pages (hazards, inspections, enterprises, enforcement)
take `?stat=<figure>&campaign=&region=&period=&industry=&own=&enterprise=` and show exactly the records the
figure counts (`figures.rows_of`, the same filter as the number), within the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from core.errors import DomainError
from core.models import Industry, Region
from enterprises.models import Enterprise

from .figures import FIGURES, rows_of
from .scope import TOTAL, StatScope, make_scope
from .sources import SOURCES


@dataclass
class Drill:
    """A figure's rows as a list page shows them: the label, the scope and the records."""

    label: str
    unit: str
    scope: StatScope
    queryset: object


def drill_url(
    figure_key: str, *, campaign_id, region_code: str, period: str, industry: str = "", own=False, enterprise=None
) -> str:
    """The list URL of a figure's rows ("" when the figure has no list)."""
    figure = FIGURES.get(figure_key)
    if figure is None or not figure.drillable:
        return ""
    params = {"stat": figure_key, "region": region_code, "period": period}
    if campaign_id:
        params["campaign"] = campaign_id
    if industry:
        params["industry"] = industry
    if own:
        params["own"] = "1"
    if enterprise:
        params["enterprise"] = enterprise
    return reverse(SOURCES[figure.drill_source].list_url) + "?" + urlencode(params)


def from_request(request, source: str) -> Drill | None:
    """The drill-down asked for by a list page's query string, or None. Unknown or foreign values
    (a figure of another list, a campaign the user cannot see) raise DomainError naming the field."""
    key = request.GET.get("stat")
    if not key:
        return None
    figure = FIGURES.get(key)
    if figure is None or figure.drill_source != source:
        raise DomainError(_("统计项「%(k)s」不属于此列表。") % {"k": key}, field="stat")
    campaign = None
    if request.GET.get("campaign"):
        campaign = Campaign.objects.visible_to(request.user).filter(pk=request.GET["campaign"]).first()
        if campaign is None:
            raise DomainError(_("专项行动不存在或不在您的辖区内。"), field="campaign")
    region = Region.objects.filter(code=request.GET.get("region", "")).first()
    if region is None:
        raise DomainError(_("区划代码不存在。"), field="region")
    industry = None
    if request.GET.get("industry"):
        industry = Industry.objects.filter(code=request.GET["industry"]).first()
        if industry is None:
            raise DomainError(_("行业代码不存在。"), field="industry")
    scope = make_scope(
        region=region,
        period=request.GET.get("period") or TOTAL,
        campaign=campaign,
        industry=industry,
        viewer=request.user,
    )
    if request.GET.get("own"):
        scope = scope.narrowed(exclude_paths=[c.path for c in Region.objects.filter(parent=region)])
    if request.GET.get("enterprise"):
        value = request.GET["enterprise"]
        enterprise = Enterprise.objects.visible_to(request.user).filter(pk=value).first() if value.isdigit() else None
        if enterprise is None:
            raise DomainError(_("企业不存在或不在您的辖区内。"), field="enterprise")
        scope = scope.narrowed(enterprise_id=enterprise.pk)
    return Drill(label=str(figure.label), unit=str(figure.unit), scope=scope, queryset=rows_of(key, scope))


def narrow_list(request, base, source: str):
    """For a list view: (records, drill, error). With `?stat=` the list is the figure's rows within
    `base` (the user's visible records) and the list's own filters are not applied."""
    try:
        drill = from_request(request, source)
    except DomainError as exc:
        return base.none(), None, exc.message
    if drill is None:
        return None, None, ""
    return base.filter(pk__in=drill.queryset.values("pk")), drill, ""
