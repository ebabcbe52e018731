from __future__ import annotations

from django.contrib import admin

from .admin_base import ReadOnlyAdminMixin
from .models import AuditEntry, Industry, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "grid_officer"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "high_risk", "key"]
    search_fields = ["code", "name"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the record is never edited or deleted, not even here."""

    list_display = ["id", "created_at", "actor_name", "object_type", "object_id", "action", "from_state", "to_state"]
    list_filter = ["object_type", "action"]
