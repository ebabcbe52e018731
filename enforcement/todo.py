"""To-dos (待办) of enforcement: decisions awaiting 法制审核 for legal reviewers, blacklist notices
the enterprise may still answer (陈述申辩). One definition each (core/todo.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OfficialRole
from core.todo import Todo, registry

from .choices import BlacklistStatus, EnforcementStatus
from .models import BlacklistEntry, EnforcementAction


def legal_review(user):
    """Major decisions of the reviewer's own agency waiting for legal review, except their own
    (the rule of enforcement_review: same agency, not the author)."""
    qs = EnforcementAction.objects.visible_to(user).filter(status=EnforcementStatus.PENDING_REVIEW)
    if user.is_superuser:
        return qs
    if not (getattr(user, "is_official", False) and user.role == OfficialRole.LEGAL):
        return qs.none()
    return qs.filter(agency_id=user.agency_id).exclude(author_id=user.pk)


def blacklist_notices(user, today=None):
    """Notices of intended listing still open to an answer: no statement yet, period not over."""
    today = today or timezone.localdate()
    return BlacklistEntry.objects.visible_to(user).filter(
        status=BlacklistStatus.NOTICED, objected_at__isnull=True, objection_until__gte=today
    )


def _blacklist_preview(rows) -> list[dict]:
    return [
        {
            "text": entry.reason[:40],
            "url": reverse("enforcement:blacklist") + "?todo=blacklist_notices",
            "deadline": entry.objection_until,
            "late": False,
        }
        for entry in rows.order_by("objection_until", "id")[:5]
    ]


ENFORCEMENT_TODOS = registry(
    Todo("legal_review", _("待法制审核的执法决定"), "enforcement:list", legal_review),
)

BLACKLIST_TODOS = registry(
    Todo(
        "blacklist_notices",
        _("待陈述申辩的黑名单告知"),
        "enforcement:blacklist",
        blacklist_notices,
        preview=_blacklist_preview,
    ),
)
