"""References a user may write: which agencies, officials, experts and regions a user may name in
a form or an API body (a responsible agency, a task's lead agency, an inspector, a group member,
a region). Serializers restrict their choices with these querysets (out of scope → 400 naming the
field, as an unknown id); services re-check with the `*_usable` predicates.

The rule follows the jurisdiction (scoping.py): an official may name what lies in their agency's
region subtree; experts of the pool may be named by any official; superusers may name anything;
enterprise users and experts name none of these.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.choices import UserKind
from accounts.models import Agency, User
from core.models import Region

from .scoping import official_region_path


def usable_regions(user) -> QuerySet[Region]:
    """Regions inside the user's jurisdiction."""
    if getattr(user, "is_superuser", False):
        return Region.objects.all()
    path = official_region_path(user)
    return Region.objects.filter(path__startswith=path) if path else Region.objects.none()


def usable_agencies(user) -> QuerySet[Agency]:
    """Agencies whose region lies inside the user's jurisdiction (their own and those below)."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    path = official_region_path(user)
    return Agency.objects.filter(region__path__startswith=path) if path else Agency.objects.none()


def usable_officials(user) -> QuerySet[User]:
    """Active officials of the agencies the user may name."""
    if getattr(user, "is_superuser", False):
        return User.objects.filter(is_active=True, kind=UserKind.OFFICIAL)
    path = official_region_path(user)
    if not path:
        return User.objects.none()
    return User.objects.filter(is_active=True, kind=UserKind.OFFICIAL, agency__region__path__startswith=path)


def usable_people(user) -> QuerySet[User]:
    """Who an official may put into a group or an inspection: their officials and the expert pool."""
    if getattr(user, "is_superuser", False):
        return User.objects.filter(is_active=True)
    path = official_region_path(user)
    if not path:
        return User.objects.none()
    return User.objects.filter(
        Q(kind=UserKind.OFFICIAL, agency__region__path__startswith=path) | Q(kind=UserKind.EXPERT, in_expert_pool=True),
        is_active=True,
    )


def agency_usable(user, agency) -> bool:
    return agency is None or usable_agencies(user).filter(pk=agency.pk).exists()


def person_usable(user, person) -> bool:
    return usable_people(user).filter(pk=person.pk).exists()
