"""Back office: enforcement actions, the blacklist and publications are read-only here.

Their states change only through enforcement/services/ (which checks who may act and writes the
whole-process record); the admin shows the officials' jurisdiction like every other page.
"""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ReadOnlyAdminMixin, ReadOnlyScopedAdmin

from .models import BlacklistEntry, EnforcementAction, Publication


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


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "enterprise_name", "agency", "published_on", "withdrawn"]
