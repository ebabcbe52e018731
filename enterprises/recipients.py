"""Who is notified about an enterprise's case (消息 recipients), on the jurisdiction rule of
enterprises/scoping.py: an official is only ever told about an enterprise they can see."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Agency, User
from accounts.selectors import ACTING_ROLES, agency_officials


def agency_covers(agency: Agency, enterprise) -> bool:
    """Whether the agency's jurisdiction (region subtree and supervised industries) covers the enterprise."""
    if not enterprise.region_path.startswith(agency.region.path):
        return False
    ids = agency.industry_ids()
    return ids is None or bool(ids.intersection(enterprise.industries.values_list("id", flat=True)))


def responsible_agencies(enterprise) -> list[Agency]:
    """The agencies answering for the enterprise: its 执法主体 (responsible agency) when that agency
    covers it; otherwise the most local agencies covering it (its county's, else its city's …)."""
    agency = enterprise.responsible_agency
    if agency is not None and agency_covers(agency, enterprise):
        return [agency]
    ancestors = [p for p in enterprise.region_path.split("/") if p]
    covering = [
        a
        for a in Agency.objects.filter(region__code__in=ancestors).select_related("region")
        if agency_covers(a, enterprise)
    ]
    if not covering:
        return []
    deepest = max(len(a.region.path) for a in covering)
    return [a for a in covering if len(a.region.path) == deepest]


def enterprise_officials(*, enterprise, roles=ACTING_ROLES, also_agency_ids=()) -> QuerySet[User]:
    """The acting officials responsible for the enterprise, plus those of `also_agency_ids` (e.g. the
    agency that listed a hazard for supervision) when that agency covers the enterprise."""
    agencies = responsible_agencies(enterprise)
    extra = [a for a in Agency.objects.filter(pk__in=[i for i in also_agency_ids if i]).select_related("region")]
    agencies += [a for a in extra if agency_covers(a, enterprise)]
    return agency_officials(agency_ids={a.pk for a in agencies}, roles=roles)
