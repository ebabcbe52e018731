"""What a figure is counted over: a campaign (or none), a region unit, a period and an industry.

A period is either a month of the monthly report — ending on the requirement's day, e.g. period
"2026-06" with day 23 runs from 23 May to 22 June (seed 004: "每月23日按附件要求报送") — or the
campaign's cumulative total ("total": from the campaign's start to today or its end).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.choices import Recurrence
from campaigns.models import Campaign
from campaigns.selectors import campaign_tree_ids
from core.errors import DomainError
from core.models import Industry, Region
from enterprises.models import Enterprise
from enterprises.scoping import enterprise_scope_q

TOTAL = "total"
PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")
DEFAULT_REPORT_DAY = 23


def report_day(campaign: Campaign | None) -> int:
    """The day of the month the campaign's monthly report is due (its monthly requirement), else 23."""
    if campaign is not None:
        requirement = (
            campaign.report_requirements.filter(recurrence=Recurrence.MONTHLY, day_of_month__isnull=False)
            .order_by("-stat_form", "order")
            .first()
        )
        if requirement is not None:
            return requirement.day_of_month
    return DEFAULT_REPORT_DAY


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_bounds(year: int, month: int, day: int) -> tuple[date, date]:
    """The monthly period "YYYY-MM": from the report day of the month before to the day before
    this month's report day (day 23: period 2026-06 runs from 23 May to 22 June)."""
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    return _clamped(prev_year, prev_month, day), _clamped(year, month, day) - timedelta(days=1)


def month_periods(end: date, count: int, *, campaign: Campaign | None) -> list[tuple[str, date, date]]:
    """The `count` monthly periods up to the one containing `end`, oldest first: (label, start, end)."""
    day = report_day(campaign)
    year, month = end.year, end.month
    if end >= _clamped(year, month, day):  # past this month's report day: the next month's period
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    out = []
    for _i in range(count):
        start, last = month_bounds(year, month, day)
        out.append((f"{year:04d}-{month:02d}", start, last))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def period_bounds(period: str, *, campaign: Campaign | None, today: date | None = None) -> tuple[date | None, date]:
    """The first and last day of a period label ("YYYY-MM" or "total"); DomainError naming `period`."""
    today = today or timezone.localdate()
    if period == TOTAL:
        start = campaign.period_start if campaign is not None else None
        end = today if campaign is None or campaign.period_end is None else min(today, campaign.period_end)
        if start is not None and end < start:
            end = start
        return start, end
    match = PERIOD_RE.match(period or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DomainError(
            _("统计期「%(p)s」格式不对，应为 YYYY-MM（如 2026-06）或 total（累计）。") % {"p": period}, field="period"
        )
    start, end = month_bounds(int(match.group(1)), int(match.group(2)), report_day(campaign))
    if campaign is not None:
        campaign_end = campaign.period_end or date.max
        if end < (campaign.period_start or date.min) or start > campaign_end:
            raise DomainError(
                _("统计期 %(p)s（%(s)s 至 %(e)s）不在专项行动的期限内（%(cs)s 至 %(ce)s）。")
                % {
                    "p": period,
                    "s": start,
                    "e": end,
                    "cs": campaign.period_start or "—",
                    "ce": campaign.period_end or "—",
                },
                field="period",
            )
    return start, end


def period_label(period: str, start: date | None, end: date) -> str:
    if period == TOTAL:
        return _("累计（%(s)s 至 %(e)s）") % {"s": start or "—", "e": end}
    return _("%(p)s（%(s)s 至 %(e)s）") % {"p": period, "s": start, "e": end}


@dataclass
class StatScope:
    """The data a figure counts: records of enterprises in `region`'s subtree (and of `industry`'s
    subtree when given), of `campaign` and its implementing plans when given, in [start, end]."""

    region: Region
    end: date
    start: date | None = None
    campaign: Campaign | None = None
    industry: Industry | None = None
    period: str = TOTAL
    #: Sub-regions left out (the unit's own row: 本级, its subtree without its sub-regions).
    exclude_paths: tuple[str, ...] = ()
    #: The user the figures are shown to: their jurisdiction (enterprises.scoping) limits every
    #: record counted, so an industry regulator counts only its industries. None for a unit's
    #: own documents made by the system (drafts of the due-day job).
    viewer: object = None
    #: One enterprise only (the dashboard's county table lists enterprises): its records.
    enterprise_id: int | None = None
    _tree: list[int] | None = field(default=None, repr=False)

    @property
    def campaign_ids(self) -> list[int] | None:
        if self.campaign is None:
            return None
        if self._tree is None:
            self._tree = campaign_tree_ids(self.campaign)
        return self._tree

    @property
    def start_dt(self) -> datetime | None:
        if self.start is None:
            return None
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_dt(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def within(self, field_name: str) -> Q:
        """`field_name` (a DateTimeField) falls inside the period."""
        q = Q(**{f"{field_name}__lt": self.end_dt})
        if self.start is not None:
            q &= Q(**{f"{field_name}__gte": self.start_dt})
        return q

    def within_dates(self, field_name: str) -> Q:
        """`field_name` (a DateField) falls inside the period."""
        q = Q(**{f"{field_name}__lte": self.end})
        if self.start is not None:
            q &= Q(**{f"{field_name}__gte": self.start})
        return q

    def enterprise_q(self, prefix: str = "enterprise", own_region_path: bool = False) -> Q:
        """Records whose enterprise (reached through `prefix`, "" for Enterprise) is in the region and
        industry; `own_region_path`: the records carry their enterprise's region_path (RegionCopy)."""
        p = f"{prefix}__" if prefix and not own_region_path else ""
        q = Q(**{f"{p}region_path__startswith": self.region.path})
        for path in self.exclude_paths:
            q &= ~Q(**{f"{p}region_path__startswith": path})
        if self.viewer is not None:
            q &= enterprise_scope_q(self.viewer, prefix, own_region_path=own_region_path)
        if self.enterprise_id is not None:
            q &= Q(**{f"{prefix}_id" if prefix else "pk": self.enterprise_id})
        if self.industry is not None:
            through = Enterprise.industries.through
            outer = f"{prefix}_id" if prefix else "pk"
            q &= Q(
                Exists(
                    through.objects.filter(enterprise_id=OuterRef(outer), industry__path__startswith=self.industry.path)
                )
            )
        return q

    def campaign_q(self, field_name: str = "campaign") -> Q:
        ids = self.campaign_ids
        return Q() if ids is None else Q(**{f"{field_name}_id__in": ids})

    def enterprises(self):
        """Enterprises in scope: the campaign's scope (regions × industries) within the unit, or the unit's."""
        base = self.campaign.enterprises_in_scope() if self.campaign is not None else Enterprise.objects.all()
        return base.filter(self.enterprise_q(""))

    def narrowed(
        self,
        *,
        region: Region | None = None,
        industry: Industry | None = None,
        exclude_paths=(),
        enterprise_id: int | None = None,
    ) -> StatScope:
        return StatScope(
            region=region or self.region,
            end=self.end,
            start=self.start,
            campaign=self.campaign,
            industry=industry if industry is not None else self.industry,
            period=self.period,
            exclude_paths=tuple(exclude_paths),
            viewer=self.viewer,
            enterprise_id=enterprise_id if enterprise_id is not None else self.enterprise_id,
            _tree=self._tree,
        )


def make_scope(
    *, region: Region, period: str, campaign: Campaign | None = None, industry: Industry | None = None, viewer=None
):
    start, end = period_bounds(period, campaign=campaign)
    return StatScope(
        region=region, start=start, end=end, campaign=campaign, industry=industry, period=period, viewer=viewer
    )
