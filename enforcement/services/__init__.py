"""Writes of enforcement (services), by sub-domain: enforcement actions and legal review (actions), the
blacklist (blacklist) and publicity (publicity). Every public name is re-exported here:
`services.enforcement_create(...)`."""

from __future__ import annotations

from .actions import enforcement_create, enforcement_is_major, enforcement_review
from .blacklist import (
    blacklist_apply_removal,
    blacklist_expire,
    blacklist_list,
    blacklist_notify,
    blacklist_object,
    blacklist_refuse_removal,
    blacklist_remove_early,
    blacklist_withdraw,
)
from .publicity import publication_publish, publication_withdraw, refresh_hazard_publications

__all__ = [
    "blacklist_apply_removal",
    "blacklist_expire",
    "blacklist_list",
    "blacklist_notify",
    "blacklist_object",
    "blacklist_refuse_removal",
    "blacklist_remove_early",
    "blacklist_withdraw",
    "enforcement_create",
    "enforcement_is_major",
    "enforcement_review",
    "publication_publish",
    "publication_withdraw",
    "refresh_hazard_publications",
]
