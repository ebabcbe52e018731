"""Target indicators (工作目标): ONE definition per indicator, shared by campaign pages, the API,
the statistics forms and the dashboards.

Each indicator is a ratio counted from the data the product holds (never a typed-in
percentage): `numerator / denominator`, shown as a percentage. A target whose indicator is
blank has no data source yet and is shown as "未量化（暂无数据来源）".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from campaigns.choices import Indicator
from campaigns.selectors import campaign_tree_ids
from checklists.choices import HazardLevel
from core.models import Industry
from enterprises.models import CertifiedPerson
from hazards.choices import HazardStatus
from hazards.models import HazardRollup
from inspections.models import Inspection

DONE_STATUSES = ("submitted", "reviewed")


@dataclass(frozen=True)
class IndicatorValue:
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        """The percentage with one decimal; None when there is nothing to count."""
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _flagged_industry_ids(flag: str) -> list[int]:
    """Industries carrying the flag themselves (重点行业领域 / 高危行业): the flag is set per node,
    e.g. 工贸 is a key industry while its child 机械 is not."""
    return list(Industry.objects.filter(**{flag: True}).values_list("id", flat=True))


def _enterprises(campaign, *, flag: str | None = None):
    qs = campaign.enterprises_in_scope()
    if flag:
        qs = qs.filter(industries__in=_flagged_industry_ids(flag)).distinct()
    return qs


def principal_training_rate(campaign, *, key_industries_only: bool = False, day: date | None = None):
    """Enterprises in scope whose main responsible person was trained within the last 12 months."""
    day = day or timezone.localdate()
    base = _enterprises(campaign, flag="key" if key_industries_only else None)
    trained = base.filter(principal_trained_on__gt=day - timedelta(days=365), principal_trained_on__lte=day)
    return IndicatorValue(trained.count(), base.count())


def certified_personnel_rate(campaign, *, day: date | None = None, **_kwargs):
    """三项岗位 people of high-risk-industry enterprises in scope holding a valid certificate."""
    day = day or timezone.localdate()
    enterprises = _enterprises(campaign, flag="high_risk")
    people = CertifiedPerson.objects.filter(enterprise__in=enterprises.values("id"))
    return IndicatorValue(people.valid_on(day).count(), people.count())


def _inspected(campaign, *, self_inspection: bool):
    inspections = Inspection.objects.filter(campaign_id__in=campaign_tree_ids(campaign), status__in=DONE_STATUSES)
    inspections = inspections.filter(kind="self") if self_inspection else inspections.exclude(kind="self")
    base = _enterprises(campaign)
    return IndicatorValue(base.filter(pk__in=inspections.values("enterprise_id")).count(), base.count())


def inspection_coverage(campaign, **_kwargs):
    """In-scope enterprises with a submitted/reviewed inspection (not a self-inspection) of the campaign."""
    return _inspected(campaign, self_inspection=False)


def self_inspection_rate(campaign, **_kwargs):
    """In-scope enterprises that submitted a self-inspection (企业自查) of the campaign."""
    return _inspected(campaign, self_inspection=True)


def campaign_hazard_counts(campaign) -> dict[str, int]:
    """{"total", "major", "closed", "major_closed"}: hazards of the campaign and its implementing
    plans, summed from the hazard rollup (its campaign and status are exact, no date involved)."""
    values = HazardRollup.objects.filter(campaign_id__in=campaign_tree_ids(campaign)).aggregate(
        total=Sum("n"),
        major=Sum("n", filter=Q(level=HazardLevel.MAJOR)),
        closed=Sum("n", filter=Q(status=HazardStatus.CLOSED)),
        major_closed=Sum("n", filter=Q(level=HazardLevel.MAJOR, status=HazardStatus.CLOSED)),
    )
    return {key: int(value or 0) for key, value in values.items()}


def _hazards(campaign, *, major: bool):
    counts = campaign_hazard_counts(campaign)
    if major:
        return IndicatorValue(counts["major_closed"], counts["major"])
    return IndicatorValue(counts["closed"], counts["total"])


def hazard_rectification_rate(campaign, **_kwargs):
    """Closed (销号) hazards of the campaign / all hazards of the campaign (from the hazard rollup)."""
    return _hazards(campaign, major=False)


def major_hazard_closure_rate(campaign, **_kwargs):
    """Closed major hazards of the campaign / all major hazards of the campaign."""
    return _hazards(campaign, major=True)


def spot_check_rate(campaign, **_kwargs):
    """Seed 004 四（四）"对县局负责检查的企业按照不少于10%的比例进行抽查": enterprises drawn into a
    city spot-check (a 市级抽查 draw of the campaign tree) / enterprises in scope the counties inspected
    (a submitted/reviewed inspection of the campaign tree other than a self-inspection or a spot-check)."""
    ids = campaign_tree_ids(campaign)
    inspections = Inspection.objects.filter(campaign_id__in=ids, enterprise__in=_enterprises(campaign).values("id"))
    drawn = inspections.filter(draw__kind="spot_check").values("enterprise_id").distinct().count()
    inspected = (
        inspections.filter(status__in=DONE_STATUSES)
        .exclude(kind__in=("self", "spot_check"))
        .values("enterprise_id")
        .distinct()
        .count()
    )
    return IndicatorValue(drawn, inspected)


def system_usage_rate(campaign, *, day: date | None = None, **_kwargs):
    """Seed 004 "互联网+执法系统使用率100%", where the product records the inspections: official
    inspections of in-scope enterprises in the campaign tree whose record was completed in the system (submitted/reviewed) /
    official inspections that are due (completed, or planned to end before `day`)."""
    day = day or timezone.localdate()
    official = Inspection.objects.filter(
        campaign_id__in=campaign_tree_ids(campaign), enterprise__in=_enterprises(campaign).values("id")
    ).exclude(kind="self")
    done = official.filter(status__in=DONE_STATUSES)
    due = official.filter(Q(status__in=DONE_STATUSES) | Q(planned_end__lt=day))
    return IndicatorValue(done.count(), due.count())


INDICATORS = {
    Indicator.PRINCIPAL_TRAINING_RATE: principal_training_rate,
    Indicator.CERTIFIED_PERSONNEL_RATE: certified_personnel_rate,
    Indicator.INSPECTION_COVERAGE: inspection_coverage,
    Indicator.SELF_INSPECTION_RATE: self_inspection_rate,
    Indicator.HAZARD_RECTIFICATION_RATE: hazard_rectification_rate,
    Indicator.MAJOR_HAZARD_CLOSURE_RATE: major_hazard_closure_rate,
    Indicator.SPOT_CHECK_RATE: spot_check_rate,
    Indicator.SYSTEM_USAGE_RATE: system_usage_rate,
}


def target_value(target, *, day: date | None = None) -> IndicatorValue | None:
    """The live value of a target; None for an unquantified target (no data source)."""
    if not target.indicator:
        return None
    function = INDICATORS[Indicator(target.indicator)]
    return function(target.campaign, key_industries_only=target.key_industries_only, day=day)
