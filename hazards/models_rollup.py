"""The hazard rollup (issue 13, "Figures from rollups"): hazards counted per combination of the
dimensions the hazard figures of the statistics filter on, so that a dashboard or a 统计报表 of a
city sums a few thousand rollup rows instead of grouping millions of hazards.

Kept exact by hazards.rollup (every save of a hazard adds its new key and subtracts its old one in
the same transaction; moves of enterprises and changes of their industries re-key their hazards)
and rebuilt from scratch, or checked against the live count, by `manage.py rebuild_rollups`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.scoping import NOTHING

#: The columns that make a rollup key (the unique constraint, the upsert's conflict target).
ROLLUP_DIMS = (
    "region_path",
    "industry_key",
    "campaign_id",
    "level",
    "status",
    "listed_level",
    "immediate",
    "has_measures",
    "has_responsibility",
    "has_funds_planned",
    "has_contingency_plan",
    "found_b",
    "closed_b",
    "listed_b",
    "deadline_b",
)


def industry_any_q(ids) -> models.Q:
    """Rollup rows whose enterprise holds at least one of the industries `ids` (direct membership,
    as enterprises.scoping and the enterprise–industry table test it)."""
    q = NOTHING
    for pk in ids:
        q |= models.Q(industry_key__contains=f",{pk},")
    return q


class HazardRollupQuerySet(models.QuerySet):
    def visible_to(self, user) -> HazardRollupQuerySet:
        """The rule of enterprises.scoping.enterprise_scope_q on the rollup's copies: officials see
        their region's subtree and, unless their agency supervises comprehensively, the rows of
        enterprises holding one of its industries. The rollup has no enterprise: an enterprise
        user (or anyone else) sees no row here and their figures are counted live."""
        if not getattr(user, "is_authenticated", False):
            return self.filter(NOTHING)
        if user.is_superuser:
            return self
        if getattr(user, "is_official", False):
            qs = self.filter(region_path__startswith=user.agency.region.path)
            ids = user.agency.industry_ids()
            return qs if ids is None else qs.filter(industry_any_q(ids))
        return self.filter(NOTHING)


class HazardRollup(models.Model):
    """How many hazards (and how much rectification money) share one combination of dimensions.

    Dates are kept as half-month buckets (hazards.rollup.bucket: days 1–22 and 23–end of a month,
    the default report day being the 23rd), 0 meaning "none"; "no campaign" is campaign_id 0 (a NULL
    would never conflict in the upsert's unique key)."""

    region_path = models.CharField(max_length=400)
    #: The enterprise's own industry ids, sorted, as ",3,17," ("," when it has none).
    industry_key = models.CharField(max_length=400)
    campaign_id = models.BigIntegerField(default=0)
    level = models.CharField(max_length=8)
    status = models.CharField(max_length=24)
    listed_level = models.CharField(max_length=16, blank=True)
    immediate = models.BooleanField(default=False)
    # 五到位 recorded (kept for major hazards only: the figures that read them count major ones).
    has_measures = models.BooleanField(default=False)
    has_responsibility = models.BooleanField(default=False)
    has_funds_planned = models.BooleanField(default=False)
    has_contingency_plan = models.BooleanField(default=False)
    found_b = models.IntegerField()
    closed_b = models.IntegerField(default=0)
    listed_b = models.IntegerField(default=0)
    #: The bucket of the day AFTER the deadline: "deadline < period end + 1 day" compares buckets.
    deadline_b = models.IntegerField(default=0)
    n = models.BigIntegerField(default=0)
    funds = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    objects = HazardRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("隐患汇总")
        verbose_name_plural = _("隐患汇总")
        constraints = [models.UniqueConstraint(fields=list(ROLLUP_DIMS), name="hazard_rollup_key")]
        indexes = [models.Index(fields=["campaign_id", "level", "status"], name="hazard_rollup_campaign_idx")]

    def __str__(self) -> str:
        return f"{self.region_path} {self.level}/{self.status} × {self.n}"
