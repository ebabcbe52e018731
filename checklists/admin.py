"""Back office: templates are shown, not edited (a change is a new version, through the services)."""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ScopedAdmin

from .models import ChecklistItem, ChecklistTemplate


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["section", "order", "number", "text", "answer_kind", "hazard_level", "major_criterion"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ScopedAdmin):
    """Templates are edited by revising (a new version); the admin only shows them."""

    list_display = ["name", "code", "version", "kind", "source_seed"]
    list_filter = ["kind", "source_seed"]
    search_fields = ["name", "code"]
    inlines = [ChecklistItemInline]

    def has_change_permission(self, request, obj=None):
        return False
