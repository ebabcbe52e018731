"""Back office: hazards, their overdue notices and public reports are read-only here.

Their states change only through hazards/services/ (which checks who may act and writes the
whole-process record); the admin shows the officials' jurisdiction like every other page.
"""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ReadOnlyScopedAdmin

from .models import Hazard, HazardNotice, PublicReport


@admin.register(Hazard)
class HazardAdmin(ReadOnlyScopedAdmin):
    list_display = ["id", "enterprise", "level", "status", "deadline", "listed_level", "source", "found_at"]
    list_filter = ["status", "level", "source", "listed_level"]
    search_fields = ["description", "enterprise__name"]
    list_select_related = ["enterprise"]


@admin.register(HazardNotice)
class HazardNoticeAdmin(ReadOnlyScopedAdmin):
    list_display = ["hazard", "step", "sent_on", "agency"]


@admin.register(PublicReport)
class PublicReportAdmin(ReadOnlyScopedAdmin):
    list_display = ["tracking_number", "agency", "status", "created_at"]
    list_filter = ["status"]
