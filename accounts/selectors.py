"""Reads of accounts: who receives a notification (the officials of an agency, its legal
reviewers, the users of an enterprise), a user's own notifications, and the users an agency
administrator may manage."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from .choices import OfficialRole, UserKind
from .models import Agency, Notification, User

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


# --- User administration ------------------------------------------------------------------------
# An agency administrator (role admin) manages the people of their agency and of the agencies below
# it (by `parent`), never anyone with more rights than they hold: an agency below theirs counts only
# when its region lies in their region's subtree and it supervises no industry they do not.


def may_administer_users(user) -> bool:
    """Superusers and agency administrators; everyone else is refused (403)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (getattr(user, "is_official", False) and user.role == OfficialRole.ADMIN)


def manageable_agency_ids(actor) -> set[int]:
    """Ids of the agencies whose officials `actor` may manage: their own and those below it."""
    if not may_administer_users(actor):
        return set()
    if actor.is_superuser:
        return set(Agency.objects.values_list("pk", flat=True))
    own = actor.agency
    rows = {
        a.pk: a
        for a in Agency.objects.filter(region__path__startswith=own.region.path)
        .select_related("region")
        .prefetch_related("industries")
    }
    children: dict[int, list[int]] = {}
    for agency in rows.values():
        if agency.parent_id:
            children.setdefault(agency.parent_id, []).append(agency.pk)
    allowed_industries = own.industry_ids()  # None: every industry
    found: set[int] = set()
    queue = [own.pk]
    while queue:
        pk = queue.pop()
        if pk in found or pk not in rows:
            continue
        agency = rows[pk]
        if pk != own.pk and allowed_industries is not None:
            if agency.comprehensive or not agency.industry_ids() <= allowed_industries:
                continue  # would see industries the administrator does not supervise
        found.add(pk)
        queue.extend(children.get(pk, []))
    return found


def manageable_agencies(actor) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=manageable_agency_ids(actor)).select_related("region")


def manageable_enterprises(actor):
    """Enterprises whose users `actor` may manage: those of their jurisdiction. The model is reached
    through the user's relation: accounts sits below enterprises and does not import it."""
    enterprise_model = User._meta.get_field("enterprise").related_model
    if not may_administer_users(actor):
        return enterprise_model.objects.none()
    return enterprise_model.objects.visible_to(actor)


def users_managed_by(actor) -> QuerySet[User]:
    """Every user `actor` may see and change on the user-administration page and API: officials of
    manageable agencies, users of enterprises in their jurisdiction, experts their agencies manage.
    Back-office accounts (staff, superusers) are managed by superusers only."""
    qs = User.objects.select_related("agency__region", "enterprise", "managed_by").prefetch_related("specialties")
    if not may_administer_users(actor):
        return qs.none()
    if actor.is_superuser:
        return qs
    agency_ids = manageable_agency_ids(actor)
    scope = (
        Q(kind=UserKind.OFFICIAL, agency_id__in=agency_ids)
        | Q(kind=UserKind.ENTERPRISE, enterprise__in=manageable_enterprises(actor).values("pk"))
        | Q(kind=UserKind.EXPERT, managed_by_id__in=agency_ids)
    )
    return qs.filter(scope).filter(is_superuser=False, is_staff=False)


def user_search(qs: QuerySet[User], text: str) -> QuerySet[User]:
    """Username, name, phone, 执法证号 or work unit containing the text."""
    text = (text or "").strip()
    if not text:
        return qs
    return qs.filter(
        Q(username__icontains=text)
        | Q(display_name__icontains=text)
        | Q(phone__icontains=text)
        | Q(cert_number__icontains=text)
        | Q(organisation__icontains=text)
        | Q(email__icontains=text)
    )
