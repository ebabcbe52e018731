"""Notifications (消息) of overdue self-inspections (自查催办) to the enterprise's users."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.selectors import enterprise_users
from accounts.services import notify

from ..models import Inspection


def notify_self_inspections_overdue(*, inspection_ids: list[int], today: date) -> None:
    for inspection in Inspection.objects.filter(pk__in=inspection_ids).select_related("enterprise"):
        notify(
            recipients=enterprise_users(enterprise_id=inspection.enterprise_id),
            kind=NotificationKind.SELF_INSPECTION_REMINDER,
            title=_("企业自查已逾期，请尽快完成并提交"),
            body=_("自查「%(i)s」应于 %(d)s 前完成。")
            % {"i": str(inspection), "d": inspection.planned_end.isoformat() if inspection.planned_end else "—"},
            url=reverse("inspections:detail", args=[inspection.pk]),
            key=f"self-inspection:{inspection.pk}:overdue:{today.isoformat()}",
        )
