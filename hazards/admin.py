"""Back office: hazards, enforcement and the blacklist are read-only here.

Their states change only through hazards/services.py (which checks who may act and writes the
whole-process record); the admin shows the officials' jurisdiction like every other page.
"""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ReadOnlyAdminMixin, ReadOnlyScopedAdmin

from .models import BlacklistEntry, EnforcementAction, Hazard, HazardNotice, Publication, PublicReport


@admin.register(Hazard)
class HazardAdmin(ReadOnlyScopedAdmin):
    list_display = ["id", "enterprise", "level", "status", "deadline", "listed_level", "source", "found_at"]
    list_filter = ["status", "level", "source", "listed_level"]
    search_fields = ["description", "enterprise__name"]
    list_select_related = ["enterprise"]


@admin.register(EnforcementAction)
class EnforcementActionAdmin(ReadOnlyScopedAdmin):
    list_display = ["id", "kind", "enterprise", "amount", "major", "status", "author", "reviewed_by"]
    list_filter = ["kind", "status", "major"]
    list_select_related = ["enterprise", "author", "reviewed_by"]


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ReadOnlyScopedAdmin):
    list_display = ["id", "enterprise", "status", "noticed_on", "listed_on", "term_until", "ended_on"]
    list_filter = ["status"]
    list_select_related = ["enterprise"]


@admin.register(HazardNotice)
class HazardNoticeAdmin(ReadOnlyScopedAdmin):
    list_display = ["hazard", "step", "sent_on", "agency"]


@admin.register(PublicReport)
class PublicReportAdmin(ReadOnlyScopedAdmin):
    list_display = ["tracking_number", "agency", "status", "created_at"]
    list_filter = ["status"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "enterprise_name", "agency", "published_on", "withdrawn"]
