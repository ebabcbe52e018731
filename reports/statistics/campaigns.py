"""Figures of a campaign over its implementing-plan tree: the roll-up counts shown on the
campaign page and the live value of each target. One query per statistic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from campaigns.models import Campaign, InspectionGroup
from campaigns.selectors import campaign_tree_ids
from inspections.models import Inspection

from .indicators import DONE_STATUSES, IndicatorValue, campaign_hazard_counts, target_value


@dataclass
class Rollup:
    plans: int
    inspections: int
    inspections_done: int
    hazards: int
    major_hazards: int
    hazards_closed: int
    groups: int


def campaign_rollup(campaign: Campaign) -> Rollup:
    """Counts of the campaign and all its implementing plans (实施方案), summed up the tree."""
    ids = campaign_tree_ids(campaign)
    inspections = Inspection.objects.filter(campaign_id__in=ids).aggregate(
        total=Count("id"), done=Count("id", filter=Q(status__in=DONE_STATUSES))
    )
    hazards = campaign_hazard_counts(campaign)
    return Rollup(
        plans=len(ids) - 1,
        inspections=inspections["total"],
        inspections_done=inspections["done"],
        hazards=hazards["total"],
        major_hazards=hazards["major"],
        hazards_closed=hazards["closed"],
        groups=InspectionGroup.objects.filter(campaign_id__in=ids).count(),
    )


def children_progress(campaign: Campaign, user) -> list[tuple[Campaign, Rollup]]:
    """The implementing plans answering this campaign, each with its rolled-up progress."""
    children = campaign.children.visible_to(user).select_related("region", "agency") if user else campaign.children
    return [(child, campaign_rollup(child)) for child in children]


@dataclass
class TargetRow:
    target: object
    live: IndicatorValue | None

    @property
    def percent_of_target(self) -> float:
        if self.live is None or self.live.value is None or not self.target.target_value:
            return 0.0
        return min(100.0, float(self.live.value) / float(self.target.target_value) * 100)


def target_rows(campaign: Campaign, day: date | None = None) -> list[TargetRow]:
    return [TargetRow(t, target_value(t, day=day)) for t in campaign.targets.all()]
