"""数据驾驶舱 (the dashboard of a unit) and the campaign page's dashboard section, as plain data.

Every number is a figure of the statistics module (reports/statistics: `figures` defines it,
`blocks` counts it, `drilldown` lists its rows): the dashboard adds no definition of its own, so
it always agrees with the 统计报表 of the same unit, campaign, period and industry. Each figure
carries the URL of the list of the rows it counts. The page (views_dashboard) and the API
(api/dashboard) both show `dashboard_data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import SUBMITTED_LATE, SUBMITTED_ON_TIME, Campaign, Submission
from campaigns.selectors import campaign_tree_ids
from core.errors import DomainError
from core.models import Industry, Region
from enterprises.models import Enterprise
from hazards.choices import HazardStatus

from .selectors import require_official, unit_regions
from .statistics.blocks import Row, compute, compute_enterprises, compute_periods, region_rows
from .statistics.drilldown import drill_url
from .statistics.figures import FIGURES, RATES, rate_value
from .statistics.scope import TOTAL, StatScope, make_scope, month_periods, period_label

LEVEL_KEYS = ["general_found", "major_found"]
STATUS_KEYS = [f"status_{s}" for s in HazardStatus.values]
MAJOR_KEYS = ["major_found", "major_rectified", "listed", "listed_province", "listed_city", "listed_county"]
KPI_KEYS = [
    "hazards_found",
    "hazards_rectified",
    "hazards_overdue",
    "major_found",
    "major_rectified",
    "listed",
    "enterprises_in_scope",
    "enterprises_inspected",
    "hazards_immediate",
    "funds_spent",
]
KPI_RATES = ["rectification_rate", "coverage_rate", "major_rate"]
#: The headline cards, in the order shown.
HEADLINE = [
    "hazards_found",
    "rectification_rate",
    "hazards_overdue",
    "major_found",
    "listed",
    "coverage_rate",
    "enterprises_inspected",
    "funds_spent",
]
TABLE_COLUMNS = [
    "enterprises_in_scope",
    "enterprises_inspected",
    "coverage_rate",
    "hazards_found",
    "hazards_rectified",
    "rectification_rate",
    "hazards_overdue",
    "major_found",
    "listed",
]
ENTERPRISE_COLUMNS = [
    "hazards_found",
    "hazards_rectified",
    "rectification_rate",
    "hazards_overdue",
    "major_found",
    "listed",
]
INDUSTRY_KEYS = ["hazards_found", "major_found", "hazards_rectified", "hazards_overdue"]
TREND_KEYS = ["hazards_found", "hazards_closed"]
TREND_MONTHS = 12
ENTERPRISE_ROWS = 50
CODE_RE = re.compile(r"^\d{2,20}$")


@dataclass
class Choice:
    """What a dashboard request asks for, checked against the user's jurisdiction."""

    region: Region
    campaign: Campaign | None
    industry: Industry | None
    period: str
    screen: bool = False

    def query(self, **changes) -> dict:
        params = {
            "region": self.region.code,
            "campaign": self.campaign.pk if self.campaign else "",
            "period": self.period,
            "industry": self.industry.code if self.industry else "",
            "screen": "1" if self.screen else "",
        }
        params.update(changes)
        return {k: v for k, v in params.items() if v not in ("", None)}

    def url(self, **changes) -> str:
        return reverse("dashboard:index") + "?" + urlencode(self.query(**changes))

    @property
    def screen_on_url(self) -> str:
        return self.url(screen="1")

    @property
    def screen_off_url(self) -> str:
        return self.url(screen="")


def _counts(values: dict[str, float | int], source: list[str]) -> dict[str, float | int | None]:
    """The counts asked for plus each rate derived from its two counts (never a count of its own)."""
    out: dict[str, float | int | None] = {}
    for key in source:
        if key in RATES:
            rate = RATES[key]
            out[key] = rate_value(values.get(rate.numerator), values.get(rate.denominator))
        else:
            out[key] = values.get(key)
    return out


def counted_keys(columns: list[str]) -> list[str]:
    """The figures to count for some columns: the counts, and both counts of each rate."""
    keys: list[str] = []
    for key in columns:
        for k in [RATES[key].numerator, RATES[key].denominator] if key in RATES else [key]:
            if k not in keys:
                keys.append(k)
    return keys


def resolve(params, user) -> Choice:
    """The region, campaign, period and industry asked for. Not an official → 403 (PermissionDenied);
    a malformed parameter → DomainError naming it (400); a region or campaign outside the user's
    jurisdiction (or that does not exist) → Http404."""
    require_official(user)
    regions = unit_regions(user)
    code = str(params.get("region") or "").strip()
    if code:
        if not CODE_RE.match(code):
            raise DomainError(
                _("参数 region（区划代码）「%(c)s」格式不对，应为数字代码，如 450100。") % {"c": code}, field="region"
            )
        region = regions.filter(code=code).first()
        if region is None:
            raise Http404(_("区划不存在或不在您的辖区内。"))
    else:
        agency = getattr(user, "agency", None)
        region = agency.region if agency is not None else regions.first()
        if region is None:
            raise Http404(_("没有可查看的区划。"))
    campaign = None
    raw = str(params.get("campaign") or "").strip()
    if raw:
        if not raw.isdigit():
            raise DomainError(
                _("参数 campaign（专项行动）应为编号（整数），收到「%(v)s」。") % {"v": raw}, field="campaign"
            )
        campaign = Campaign.objects.visible_to(user).filter(pk=int(raw)).first()
        if campaign is None:
            raise Http404(_("专项行动不存在或不在您的辖区内。"))
    industry = None
    raw = str(params.get("industry") or "").strip()
    if raw:
        industry = Industry.objects.filter(code=raw).first()
        if industry is None:
            raise DomainError(_("参数 industry（行业）「%(v)s」不存在。") % {"v": raw}, field="industry")
    period = str(params.get("period") or "").strip()
    period = TOTAL if period in ("", TOTAL, "累计") else period
    screen = str(params.get("screen") or "") in ("1", "true")
    return Choice(region=region, campaign=campaign, industry=industry, period=period, screen=screen)


def _figure(key: str, value, url: str) -> dict:
    item = RATES.get(key) or FIGURES[key]
    return {"key": key, "label": str(item.label), "unit": str(item.unit), "value": value, "url": url}


class _Links:
    """Drill-down URLs of figures within the dashboard's campaign, period and industry."""

    def __init__(self, choice: Choice, scope: StatScope):
        self.choice, self.scope = choice, scope

    def __call__(self, key: str, *, region: Region | None = None, industry=None, own=False, period=None, **extra):
        if key in RATES:
            return ""
        industry_code = (
            industry.code if industry is not None else (self.choice.industry.code if self.choice.industry else "")
        )
        return drill_url(
            key,
            campaign_id=self.choice.campaign.pk if self.choice.campaign else None,
            region_code=(region or self.choice.region).code,
            period=period or self.scope.period,
            industry=industry_code,
            own=own,
            **extra,
        )


def _trend(choice: Choice, scope: StatScope, link: _Links) -> list[dict]:
    """Found and closed per monthly period (the report month: day 23 to day 22) over 12 months."""
    periods = month_periods(scope.end, TREND_MONTHS, campaign=choice.campaign)
    values = compute_periods(scope, periods, TREND_KEYS)
    campaign = choice.campaign
    out = []
    for label, start, end in periods:
        # A month outside the campaign's period has no list (the list page refuses that period).
        linkable = campaign is None or not (
            (campaign.period_start and end < campaign.period_start)
            or (campaign.period_end and start > campaign.period_end)
        )
        out.append(
            {
                "period": label,
                "start": start.isoformat(),
                "end": end.isoformat(),
                **{
                    key: {"value": values[label][key], "url": link(key, period=label) if linkable else ""}
                    for key in TREND_KEYS
                },
            }
        )
    return out


def _industries(choice: Choice, scope: StatScope, link: _Links) -> list[dict]:
    """Hazards by industry: the top levels, or the sub-industries of the industry filtered on."""
    if choice.industry is not None:
        industries = list(Industry.objects.filter(parent=choice.industry).order_by("path")) or [choice.industry]
    else:
        industries = list(Industry.objects.filter(parent__isnull=True).order_by("path"))
    rows = [Row(i.code, i.name, "industry", choice.region, i) for i in industries]
    values = compute(scope, rows, INDUSTRY_KEYS)
    return [
        {
            "code": row.key,
            "label": row.label,
            "values": {k: {"value": values[row.key][k], "url": link(k, industry=row.industry)} for k in INDUSTRY_KEYS},
        }
        for row in rows
    ]


def _enterprise_table(choice: Choice, scope: StatScope, link: _Links) -> dict:
    """At county level the table lists the enterprises with the most hazards found."""
    counted = compute_enterprises(
        scope, counted_keys(ENTERPRISE_COLUMNS), order_by="hazards_found", limit=ENTERPRISE_ROWS
    )
    names = dict(Enterprise.objects.filter(pk__in=[pk for pk, _v in counted]).values_list("pk", "name"))
    rows = []
    for pk, values in counted:
        shown = _counts(values, ENTERPRISE_COLUMNS)
        rows.append(
            {
                "key": str(pk),
                "label": names.get(pk, ""),
                "kind": "enterprise",
                "href": reverse("enterprises:detail", args=[pk]),
                "values": {k: {"value": shown[k], "url": link(k, enterprise=pk)} for k in ENTERPRISE_COLUMNS},
            }
        )
    return {"kind": "enterprise", "columns": [_figure(k, None, "") for k in ENTERPRISE_COLUMNS], "rows": rows}


def _region_table(choice: Choice, rows: list[Row], values: dict, link: _Links) -> dict:
    out = []
    for row in rows:
        shown = _counts(values[row.key], TABLE_COLUMNS)
        if row.kind == "own" and not any(shown[k] for k in TABLE_COLUMNS if k not in RATES):
            continue  # nothing recorded at the unit's own level: no row
        region = row.region if row.kind != "total" else choice.region
        out.append(
            {
                "key": row.key,
                "label": row.label,
                "kind": row.kind,
                "region": region.code,
                "href": choice.url(region=region.code) if row.kind == "child" else "",
                "values": {
                    k: {"value": shown[k], "url": link(k, region=region, own=row.kind == "own")} for k in TABLE_COLUMNS
                },
            }
        )
    return {"kind": "region", "columns": [_figure(k, None, "") for k in TABLE_COLUMNS], "rows": out}


def breadcrumbs(choice: Choice, user) -> list[dict]:
    """The regions from the top of the user's jurisdiction down to the one shown."""
    codes = [part for part in choice.region.path.split("/") if part]
    prefixes = ["/".join(codes[: i + 1]) + "/" for i in range(len(codes))]
    regions = unit_regions(user).filter(path__in=prefixes).order_by("path")
    return [{"code": r.code, "name": r.name, "url": choice.url(region=r.code)} for r in regions]


def dashboard_data(choice: Choice, user) -> dict:
    """Every figure of the dashboard for `choice`, each with its drill-down URL."""
    scope = make_scope(
        region=choice.region, period=choice.period, campaign=choice.campaign, industry=choice.industry, viewer=user
    )
    link = _Links(choice, scope)
    county = choice.region.level == "county"
    keys = counted_keys(KPI_KEYS + KPI_RATES + LEVEL_KEYS + STATUS_KEYS + MAJOR_KEYS + TABLE_COLUMNS)
    rows = [Row("total", _("合计"), "total", choice.region)] if county else region_rows(choice.region)
    values = compute(scope, rows, keys)
    total = values["total"]

    def figures(keys_: list[str]) -> list[dict]:
        shown = _counts(total, keys_)
        return [_figure(k, shown[k], link(k)) for k in keys_]

    return {
        "region": {"code": choice.region.code, "name": choice.region.name, "level": choice.region.level},
        "campaign": {"id": choice.campaign.pk, "title": choice.campaign.title} if choice.campaign else None,
        "industry": {"code": choice.industry.code, "name": choice.industry.name} if choice.industry else None,
        "period": scope.period,
        "period_label": period_label(scope.period, scope.start, scope.end),
        "start": scope.start.isoformat() if scope.start else None,
        "end": scope.end.isoformat(),
        "breadcrumbs": breadcrumbs(choice, user),
        "kpis": figures(HEADLINE),
        "figures": {f["key"]: f for f in figures(KPI_KEYS + KPI_RATES)},
        "by_level": figures(LEVEL_KEYS),
        "by_status": figures(STATUS_KEYS),
        "major": figures(MAJOR_KEYS),
        "coverage": figures(["enterprises_in_scope", "enterprises_inspected", "coverage_rate"]),
        "trend": _trend(choice, scope, link),
        "by_industry": _industries(choice, scope, link),
        "table": _enterprise_table(choice, scope, link) if county else _region_table(choice, rows, values, link),
        "labels": {k: str((RATES.get(k) or FIGURES[k]).label) for k in [*keys, *TREND_KEYS, *INDUSTRY_KEYS]},
        "statistics_url": reverse("reports:statistics") + "?" + urlencode(choice.query(screen="", industry="")),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def cached_dashboard_data(choice: Choice, user) -> dict:
    """`dashboard_data`, computed at most once per DASHBOARD_CACHE_SECONDS for the same jurisdiction
    (the viewer's agency: its region and supervised industries decide every figure), the same choice
    and language, and kept in the cache meanwhile. The page and the API show `generated_at`, the
    moment the figures were computed. 0 turns the cache off. The 统计报表 are never cached."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return dashboard_data(choice, user)
    who = "all" if user.is_superuser else f"agency{user.agency_id}"
    params = urlencode(sorted(choice.query(screen="").items()))
    key = f"dashboard:{who}:{translation.get_language()}:{params}"
    data = cache.get(key)
    if data is None:
        data = dashboard_data(choice, user)
        cache.set(key, data, seconds)
    return data


def filter_options(choice: Choice, user) -> dict:
    """The choices of the page's filters: campaigns, regions and industries the user may pick."""
    today = timezone.localdate()
    return {
        "campaigns": Campaign.objects.visible_to(user).order_by("-issue_date", "-pk")[:200],
        "regions": unit_regions(user),
        "industries": Industry.objects.order_by("path"),
        "periods": [label for label, _s, _e in month_periods(today, TREND_MONTHS, campaign=choice.campaign)][::-1],
    }


# --- the campaign page's dashboard section ----------------------------------------------------


def _unit_region(campaign: Campaign, user) -> Region:
    """The unit whose sub-units are ranked: the user's region when it lies inside the campaign's."""
    agency = getattr(user, "agency", None)
    if agency is not None and agency.region.path.startswith(campaign.region.path):
        return agency.region
    return campaign.region


def campaign_dashboard(campaign: Campaign, user) -> dict:
    """Phase progress, the sub-units ranked under the campaign's score weights (the bulletin's
    ranking) and the submissions made on time, for the campaign page."""
    from .bulletins import bulletin_data  # the ranking's one definition

    today = timezone.localdate()
    phases = []
    for phase in campaign.phases.all():
        if phase.end and phase.end < today:
            state, percent = "done", 100
        elif phase.start and phase.start > today:
            state, percent = "upcoming", 0
        else:
            days = (phase.end - phase.start).days + 1 if phase.start and phase.end else 0
            percent = round((today - phase.start).days * 100 / days) if days else 0
            state = "current"
        phases.append({"name": phase.name, "start": phase.start, "end": phase.end, "state": state, "percent": percent})
    region = _unit_region(campaign, user)
    ranking, ranking_error = [], ""
    try:
        scope = make_scope(region=region, period=TOTAL, campaign=campaign, viewer=user)
        ranking = bulletin_data(campaign=campaign, scope=scope)["rows"]
        for row in ranking:
            row["url"] = (
                reverse("dashboard:index") + "?" + urlencode({"region": row["region"], "campaign": campaign.pk})
            )
    except DomainError as exc:
        ranking_error = exc.message
    due = Submission.objects.visible_to(user).filter(
        requirement__campaign_id__in=campaign_tree_ids(campaign), due_date__lte=today
    )
    by_requirement = (
        due.values("requirement_id", "requirement__title")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=SUBMITTED_ON_TIME),
            late=Count("id", filter=SUBMITTED_LATE),
            missing=Count("id", filter=Q(submitted_at__isnull=True)),
        )
        .order_by("requirement_id")
    )
    submissions = [
        {**row, "title": row["requirement__title"], "rate": rate_value(row["on_time"], row["due"])}
        for row in by_requirement
    ]
    return {
        "phases": phases,
        "region": region,
        "ranking": ranking,
        "ranking_error": ranking_error,
        "submissions": submissions,
        "dashboard_url": reverse("dashboard:index") + "?" + urlencode({"region": region.code, "campaign": campaign.pk}),
    }
