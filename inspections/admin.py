"""Back office of inspections: read-mostly; status changes go through the services and pages."""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ScopedAdmin

from .models import Draw, ExpertConflict, Finding, Inspection, InspectionAnswer, InspectionEvidence, PersonMet


class AnswerInline(admin.TabularInline):
    model = InspectionAnswer
    extra = 0
    can_delete = False
    readonly_fields = ["item", "result", "number_value", "text_value", "note", "updated_at"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    can_delete = False
    readonly_fields = ["description", "location", "level", "hazard", "look_back_check"]


class PersonMetInline(admin.TabularInline):
    model = PersonMet
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = InspectionEvidence
    extra = 0
    can_delete = False
    fields = ["original_name", "content_type", "size", "sha256", "exif_taken_at", "gps_lat", "gps_lon", "item"]
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin):
    list_display = ["doc_number", "enterprise", "kind", "method", "status", "agency", "planned_start"]
    list_filter = ["kind", "method", "status"]
    search_fields = ["doc_number", "enterprise__name"]
    readonly_fields = ["status", "submitted_at", "reviewed_by", "reviewed_at", "draw", "created_by"]
    raw_id_fields = ["enterprise", "campaign", "previous", "template", "group"]
    filter_horizontal = ["inspectors"]
    inlines = [AnswerInline, FindingInline, PersonMetInline, EvidenceInline]


@admin.register(Draw)
class DrawAdmin(ScopedAdmin):
    list_display = ["id", "kind", "campaign", "agency", "actor", "seed", "inputs_digest", "created_at"]
    readonly_fields = ["campaign", "kind", "agency", "actor", "seed", "inputs", "inputs_digest", "result"]

    def has_change_permission(self, request, obj=None):
        return False  # a draw is a record: never edited


@admin.register(ExpertConflict)
class ExpertConflictAdmin(admin.ModelAdmin):
    list_display = ["expert", "enterprise", "reason", "declared_at"]
    raw_id_fields = ["expert", "enterprise"]
