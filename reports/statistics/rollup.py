"""How the hazard figures are read from the hazard rollup (hazards.models_rollup.HazardRollup).

A hazard figure is defined ONCE, as a `HazardSpec`: the conditions it puts on a hazard (found in the
period, closed by its end, open at its end, closed in it, level, status, 挂牌督办 by the end, deadline
before the end, 立即整改, 五到位 recorded). The spec answers both the filter on hazards (`spec(scope)`,
the drill-down list and the live count) and the filter on rollup rows (`spec.rollup(plan)`).

The rollup keeps dates as half-month buckets (hazards.rollup.bucket). A bound of the period that
cuts a bucket (the period "total" ending today, a campaign starting mid-month, a report day other
than the 23rd) leaves that bucket ambiguous: a `RollupPlan` reads every rollup row with no date in
an ambiguous bucket from the rollup, and counts the hazards with a date in one live (`live_q`). The
two parts never overlap and together hold every hazard, so the sum is the live figure exactly.

Read live instead (no plan): a scope of one enterprise (the rollup has no enterprise) and a viewer
who is an enterprise user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q, Sum

from core.models import Industry
from hazards.models import HazardRollup
from hazards.models_rollup import industry_any_q
from hazards.rollup import bucket, bucket_first, bucket_last, day_start

from .scope import StatScope


@dataclass(frozen=True)
class HazardSpec:
    """The conditions of one hazard figure (see the module docstring); `agg` "count" or "funds"."""

    found: bool = True
    #: "" | "by_end" (closed before the period ends) | "open_at_end" | "in_period" (closed in it)
    closed: str = ""
    level: str = ""
    status: str = ""
    #: "" | "any" | a SupervisionLevel: listed (挂牌督办) on or before the period's last day
    listed: str = ""
    deadline_before_end: bool = False
    immediate: bool = False
    #: 五到位 recorded: names among measures, responsibility, funds_planned, deadline, contingency_plan
    plan: tuple[str, ...] = ()
    agg: str = "count"

    def __call__(self, s: StatScope) -> Q:
        """The filter on hazards (the figure's `where`)."""
        q = s.within("found_at") if self.found else Q()
        if self.closed == "by_end":
            q &= Q(closed_at__isnull=False, closed_at__lt=s.end_dt)
        elif self.closed == "open_at_end":
            q &= Q(closed_at__isnull=True) | Q(closed_at__gte=s.end_dt)
        elif self.closed == "in_period":
            q &= Q(closed_at__isnull=False) & s.within("closed_at")
        if self.level:
            q &= Q(level=self.level)
        if self.status:
            q &= Q(status=self.status)
        if self.listed:
            q &= ~Q(listed_level="") & Q(listed_on__lte=s.end)
            if self.listed != "any":
                q &= Q(listed_level=self.listed)
        if self.deadline_before_end:
            q &= Q(deadline__lt=s.end)
        if self.immediate:
            q &= Q(rectified_immediately=True)
        for name in self.plan:
            if name in ("funds_planned", "deadline"):
                q &= Q(**{f"{name}__isnull": False})
            else:
                q &= ~Q(**{name: ""})
        return q

    def rollup(self, plan: RollupPlan) -> Q:
        """The same conditions on rollup rows whose dates are not in an ambiguous bucket."""
        q = Q()
        if self.found:
            q &= Q(found_b__lte=plan.end_b)
            if plan.start_b is not None:
                q &= Q(found_b__gte=plan.start_b)
        if self.closed == "by_end":
            q &= Q(closed_b__gt=0, closed_b__lte=plan.end_b)
        elif self.closed == "open_at_end":
            q &= Q(closed_b=0) | Q(closed_b__gt=plan.end_b)
        elif self.closed == "in_period":
            q &= Q(closed_b__gt=0, closed_b__lte=plan.end_b)
            if plan.start_b is not None:
                q &= Q(closed_b__gte=plan.start_b)
        if self.level:
            q &= Q(level=self.level)
        if self.status:
            q &= Q(status=self.status)
        if self.listed:
            q &= ~Q(listed_level="") & Q(listed_b__gt=0, listed_b__lte=plan.end_b)
            if self.listed != "any":
                q &= Q(listed_level=self.listed)
        if self.deadline_before_end:  # deadline < end ⟺ the day after the deadline ≤ end
            q &= Q(deadline_b__gt=0, deadline_b__lte=plan.end_b)
        if self.immediate:
            q &= Q(immediate=True)
        for name in self.plan:
            q &= Q(deadline_b__gt=0) if name == "deadline" else Q(**{f"has_{name}": True})
        return q

    def rollup_aggregate(self, q: Q):
        return Sum("funds" if self.agg == "funds" else "n", filter=q)


@dataclass
class RollupPlan:
    """How a scope's hazard figures are read: the rollup rows of the scope whose dates lie in no
    ambiguous bucket, plus the hazards counted live whose dates do."""

    scope: StatScope
    start_b: int | None
    end_b: int
    #: Ambiguous buckets of each date: {"found": {b, …}, "closed": …, "listed": …, "deadline": …}
    ambiguous: dict[str, set[int]] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        return any(self.ambiguous.values())

    def rollup_q(self) -> Q:
        """Rollup rows with no date in an ambiguous bucket (read from the rollup)."""
        q = Q()
        for name, buckets in self.ambiguous.items():
            if buckets:
                q &= ~Q(**{f"{name}_b__in": sorted(buckets)})
        return q

    def rollup_rows(self):
        """The scope's rollup rows read from the rollup."""
        return rollup_scope(self.scope).filter(self.rollup_q())

    def live_q(self) -> Q:
        """The hazards with a date in an ambiguous bucket (counted live)."""
        q = Q(pk__in=[])
        fields = {"found": ("found_at", True), "closed": ("closed_at", True)}
        fields |= {"listed": ("listed_on", False), "deadline": ("deadline", False)}
        for name, buckets in self.ambiguous.items():
            column, moment = fields[name]
            # deadline_b is the bucket of the day after the deadline: one day earlier here
            shift = timedelta(days=1 if name == "deadline" else 0)
            for b in buckets:
                first, after = bucket_first(b) - shift, bucket_last(b) + timedelta(days=1) - shift
                if moment:
                    q |= Q(**{f"{column}__gte": day_start(first), f"{column}__lt": day_start(after)})
                else:
                    q |= Q(**{f"{column}__gte": first, f"{column}__lt": after})
        return q


def _viewer_reads_rollup(viewer) -> bool:
    """Officials (and superusers, and the system: no viewer) read the rollup; an enterprise user's
    figures are counted live (the rollup has no enterprise)."""
    if viewer is None:
        return True
    return bool(getattr(viewer, "is_superuser", False) or getattr(viewer, "is_official", False))


def rollup_plan(scope: StatScope) -> RollupPlan | None:
    """The plan of a scope's hazard figures, or None when they are counted live."""
    if scope.enterprise_id is not None or not _viewer_reads_rollup(scope.viewer):
        return None
    start_b = bucket(scope.start) if scope.start is not None else None
    end_b = bucket(scope.end)
    ambiguous: dict[str, set[int]] = {"found": set(), "closed": set(), "listed": set(), "deadline": set()}
    if scope.start is not None and bucket_first(start_b) != scope.start:
        ambiguous["found"].add(start_b)
        ambiguous["closed"].add(start_b)
    if bucket_last(end_b) != scope.end:
        for name in ("found", "closed", "listed", "deadline"):
            ambiguous[name].add(end_b)
    return RollupPlan(scope, start_b, end_b, ambiguous)


def industry_subtree_q(industry: Industry) -> Q:
    """Rollup rows of enterprises holding an industry in `industry`'s subtree."""
    ids = Industry.objects.filter(path__startswith=industry.path).values_list("id", flat=True)
    return industry_any_q(list(ids))


def rollup_scope(scope: StatScope):
    """The rollup rows of the scope's records: the rule of StatScope.enterprise_q and campaign_q
    (region, excluded sub-regions, the viewer's jurisdiction, industry subtree, campaign tree)."""
    qs = HazardRollup.objects.filter(region_path__startswith=scope.region.path)
    for path in scope.exclude_paths:
        qs = qs.exclude(region_path__startswith=path)
    if scope.viewer is not None:
        qs = qs.visible_to(scope.viewer)
    if scope.industry is not None:
        qs = qs.filter(industry_subtree_q(scope.industry))
    ids = scope.campaign_ids
    return qs if ids is None else qs.filter(campaign_id__in=ids)
