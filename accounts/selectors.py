"""Reads of accounts: who receives a notification (the officials of an agency, its legal
reviewers, the users of an enterprise) and a user's own notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, Case, QuerySet, Value, When

from .choices import OfficialRole, UserKind
from .models import Notification, User

#: officials who act on cases (accept, return, remind); legal reviewers are asked separately
ACTING_ROLES = (OfficialRole.ADMIN, OfficialRole.INSPECTOR, OfficialRole.LEADER)


def agency_officials(*, agency_ids: Iterable[int], roles: Iterable[str] = ACTING_ROLES) -> QuerySet[User]:
    """The active officials of the given agencies holding one of the roles."""
    return User.objects.filter(
        kind=UserKind.OFFICIAL, is_active=True, agency_id__in=[i for i in agency_ids if i], role__in=list(roles)
    )


def legal_reviewers(*, agency_id: int | None) -> QuerySet[User]:
    """The legal reviewers (法制审核人员) of an agency."""
    return agency_officials(agency_ids=[agency_id] if agency_id else [], roles=[OfficialRole.LEGAL])


def enterprise_users(*, enterprise_id: int | None) -> QuerySet[User]:
    """The active users of one enterprise (its own people only)."""
    if not enterprise_id:
        return User.objects.none()
    return User.objects.filter(kind=UserKind.ENTERPRISE, is_active=True, enterprise_id=enterprise_id)


def unit_users(*, agency_id: int | None = None, enterprise_id: int | None = None) -> QuerySet[User]:
    """The people of a reporting unit: an agency's acting officials or an enterprise's users."""
    if agency_id:
        return agency_officials(agency_ids=[agency_id])
    return enterprise_users(enterprise_id=enterprise_id)


def notifications_for(user, *, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's own notifications, unread first, newest first within each group."""
    qs = Notification.objects.visible_to(user)
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    unread_first = Case(When(read_at__isnull=True, then=Value(True)), default=Value(False), output_field=BooleanField())
    return qs.annotate(unread_first=unread_first).order_by("-unread_first", "-created_at", "-id")


def unread_count(user) -> int:
    """The badge: one count on the partial index of unread rows."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
