"""The kinds of record the statistics count (a `Source` each): the base queryset of each within a
scope (region, excluded sub-regions, campaigns, the viewer's jurisdiction) and the path to its region.
The figures (figures.py) are filters on these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import InspectionGroup
from enforcement.models import EnforcementAction
from hazards.models import Hazard
from inspections.models import Inspection

from .scope import StatScope


@dataclass(frozen=True)
class Source:
    """A kind of record figures count: its base queryset within a scope and the path to its region."""

    key: str
    label: str
    base: Callable[[StatScope], object]
    region_path: str
    #: The list page showing rows of this source (a URL name), or "" when there is none.
    list_url: str


def _hazards(scope: StatScope):
    return Hazard.objects.filter(scope.enterprise_q("enterprise", own_region_path=True), scope.campaign_q("campaign"))


def _inspections(scope: StatScope):
    return Inspection.objects.filter(
        scope.enterprise_q("enterprise", own_region_path=True), scope.campaign_q("campaign")
    )


def _enterprises(scope: StatScope):
    return scope.enterprises()


def _enforcement(scope: StatScope):
    qs = EnforcementAction.objects.filter(scope.enterprise_q("enterprise"))
    ids = scope.campaign_ids
    if ids is not None:
        qs = qs.filter(Q(inspection__campaign_id__in=ids) | Q(hazard__campaign_id__in=ids))
    return qs


def _groups(scope: StatScope):
    qs = InspectionGroup.objects.filter(agency__region__path__startswith=scope.region.path)
    for path in scope.exclude_paths:
        qs = qs.exclude(agency__region__path__startswith=path)
    ids = scope.campaign_ids
    return qs if ids is None else qs.filter(campaign_id__in=ids)


SOURCES = {
    s.key: s
    for s in (
        Source("hazard", _("隐患"), _hazards, "region_path", "hazards:list"),
        Source("inspection", _("检查"), _inspections, "region_path", "inspections:list"),
        Source("enterprise", _("企业"), _enterprises, "region_path", "enterprises:list"),
        Source("enforcement", _("执法措施"), _enforcement, "enterprise__region_path", "enforcement:list"),
        Source("group", _("检查组"), _groups, "agency__region__path", ""),
    )
}
