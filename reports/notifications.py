"""Notifications (消息) of the statistics reports and bulletins: a returned report goes to the
unit's officials, an issued bulletin to the officials of the units it addresses (the sub-units it
ranks). Called inside the services' transactions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.selectors import agency_officials
from accounts.services import notify
from core.models import Region

from .models import Bulletin, StatReport
from .selectors import unit_agency


def notify_report_returned(*, report: StatReport, actor) -> None:
    notify(
        recipients=agency_officials(agency_ids=[report.agency_id]).exclude(pk=actor.pk),
        kind=NotificationKind.REPORT_RETURNED,
        title=_("统计报表被退回：%(c)s（%(p)s）") % {"c": report.campaign.title, "p": report.period},
        body=_("退回理由：%(r)s") % {"r": report.returned_reason},
        url=reverse("reports:stat_report", args=[report.pk]),
        key=f"stat-report:{report.pk}:returned:{report.versions.count()}",
    )


def notify_bulletin_issued(*, bulletin: Bulletin) -> None:
    units = [unit_agency(child) for child in Region.objects.filter(parent_id=bulletin.region_id)]
    notify(
        recipients=agency_officials(agency_ids=[u.pk for u in units if u and u.pk != bulletin.agency_id]),
        kind=NotificationKind.BULLETIN_ISSUED,
        title=_("通报发布：%(t)s") % {"t": bulletin.title},
        body=_("%(a)s 印发 %(n)s。")
        % {"a": bulletin.agency.name if bulletin.agency_id else "", "n": bulletin.doc_number},
        url=reverse("reports:bulletin", args=[bulletin.pk]),
        key=f"bulletin:{bulletin.pk}:issued",
    )
