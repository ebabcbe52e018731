"""Back office: read within jurisdiction; changes go through the pages and services."""

from __future__ import annotations

from django.contrib import admin

from core.admin_base import ScopedAdmin

from .models import Campaign, InspectionGroup, Phase, Submission, Target, Task


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["order", "title", "lead_name", "lead_agency", "deadline", "progress"]


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["title", "doc_number", "kind", "region", "period_start", "period_end", "parent", "source_seed"]
    list_filter = ["kind", "source_seed"]
    search_fields = ["title", "doc_number"]
    inlines = [PhaseInline, TargetInline, TaskInline]
    raw_id_fields = ["parent", "region", "agency", "created_by"]


@admin.register(InspectionGroup)
class InspectionGroupAdmin(ScopedAdmin):
    list_display = ["name", "campaign", "agency"]


@admin.register(Submission)
class SubmissionAdmin(ScopedAdmin):
    list_display = ["requirement", "unit_key", "period_label", "due_date", "submitted_at"]
    list_filter = ["due_date"]
