"""Reads of enforcement shared by the pages and the API."""

from __future__ import annotations

from .models import Publication


def publications_managed_by(user):
    """The entries on the public disclosure page that the user's agency published (its own to
    withdraw); the superuser sees every one. Other users see none."""
    qs = Publication.objects.select_related("agency", "withdrawn_by")
    if getattr(user, "is_superuser", False):
        return qs
    if not getattr(user, "is_official", False) or not user.agency_id:
        return qs.none()
    return qs.filter(agency_id=user.agency_id)
