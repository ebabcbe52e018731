"""To-dos (待办) of campaigns: the reports (报送) the user's own unit owes, not yet due and overdue.
One definition each (core/todo.py); the list is the unit's page 本单位报送 (campaigns:my_submissions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.todo import Todo, registry

from .choices import SubmissionStatus
from .models import Submission


def own_unit_submissions(user):
    """The visible submissions the user's unit owes: their enterprise's, or their agency's."""
    qs = Submission.objects.visible_to(user)
    if getattr(user, "is_enterprise_user", False):
        return qs.filter(enterprise_id=user.enterprise_id)
    if getattr(user, "is_official", False):
        return qs.filter(agency_id=user.agency_id)
    return qs.none()


def submissions_due(user):
    """Not submitted, due date not passed (未报)."""
    return own_unit_submissions(user).with_status(SubmissionStatus.PENDING)


def submissions_overdue(user):
    """Not submitted, due date passed (逾期)."""
    return own_unit_submissions(user).with_status(SubmissionStatus.OVERDUE)


SUBMISSION_TODOS = registry(
    Todo("submissions_due", _("待报送"), "campaigns:my_submissions", submissions_due),
    Todo(
        "submissions_overdue",
        _("逾期未报送"),
        "campaigns:my_submissions",
        submissions_overdue,
        late=lambda rows: rows,
    ),
)
