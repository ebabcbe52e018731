"""Jurisdiction scoping: the one place that decides which enterprise data a user may see.

Every model holding enterprise data has a queryset with `visible_to(user)` (and
`restrict(user, action)` where write rights differ) built on `enterprise_scope_q` below.
Base views, viewsets, the admin, exports and tasks all start from those querysets, so no
endpoint can forget the rule. Out of scope means absent: views answer 404.

The rule (domain.md, Actors):
- superuser: everything;
- official: enterprises in the subtree of the agency's region, and - unless the agency
  supervises comprehensively - having at least one industry the agency supervises;
- enterprise user: their own enterprise only;
- expert, anonymous: no enterprise data here (experts reach inspections through their groups).

It lives in `enterprises` because the rule needs both the agency (accounts) and the enterprise;
the apps above build their querysets on it, the core below knows nothing of it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.choices import OfficialRole

NOTHING = Q(pk__in=[])


def _agency_industry_ids(user) -> set[int] | None:
    cache = getattr(user, "_scope_industry_ids", "unset")
    if cache == "unset":
        cache = user.agency.industry_ids()
        user._scope_industry_ids = cache
    return cache


def official_region_path(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_official", False):
        return None
    return user.agency.region.path


def enterprise_scope_q(user, field: str = "", own_region_path: bool = False) -> Q:
    """A Q selecting rows whose enterprise (reached through `field`, "" for Enterprise) user may see.

    `own_region_path`: the rows carry their own copy of the enterprise's region_path
    (enterprises.models.RegionCopy), so the region test needs no join."""
    prefix = f"{field}__" if field and not own_region_path else ""
    outer = f"{field}_id" if field else "pk"
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.is_official:
        q = Q(**{f"{prefix}region_path__startswith": user.agency.region.path})
        industry_ids = _agency_industry_ids(user)
        if industry_ids is not None:
            from .models import Enterprise

            through = Enterprise.industries.through
            q &= Q(Exists(through.objects.filter(enterprise_id=OuterRef(outer), industry_id__in=industry_ids)))
        return q
    if user.is_enterprise_user:
        return Q(**{outer: user.enterprise_id})
    return NOTHING


def region_within_jurisdiction(user, region) -> bool:
    """Whether a region lies inside the user's jurisdiction (for creating or moving objects)."""
    if user.is_superuser:
        return True
    path = official_region_path(user)
    return bool(path) and region.path.startswith(path)


def industries_within_jurisdiction(user, industries) -> bool:
    """Whether every given industry is one the user's agency supervises."""
    if user.is_superuser:
        return True
    if not getattr(user, "is_official", False):
        return False
    ids = _agency_industry_ids(user)
    return ids is None or all(i.id in ids for i in industries)


def is_writer(user) -> bool:
    """Officials who write data (administrators and inspectors); leaders and legal reviewers read."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or (
        getattr(user, "is_official", False) and user.role in (OfficialRole.ADMIN, OfficialRole.INSPECTOR)
    )


class ScopedQuerySet(models.QuerySet):
    """Base queryset for jurisdiction-scoped models; subclasses define `visible_to`."""

    #: Path from this model to Enterprise ("" when the model is Enterprise).
    enterprise_field: str | None = None

    def visible_to(self, user) -> ScopedQuerySet:
        if self.enterprise_field is None:
            raise NotImplementedError(f"{self.model.__name__} must define visible_to")
        own = getattr(self.model, "region_copied", False) and self.enterprise_field == "enterprise"
        return self.filter(enterprise_scope_q(user, self.enterprise_field, own_region_path=own))

    def restrict(self, user, action: str = "view") -> ScopedQuerySet:
        """Rows the user may perform `action` on; the default: every visible row for view, none otherwise."""
        if action == "view":
            return self.visible_to(user)
        return self.visible_to(user).filter(self.change_q(user))

    def change_q(self, user) -> Q:
        return Q() if is_writer(user) else NOTHING
