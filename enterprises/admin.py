from __future__ import annotations

from django.contrib import admin

from core.admin_base import ScopedAdmin

from .models import CertifiedPerson, Enterprise, MajorHazardSource


class CertifiedPersonInline(admin.TabularInline):
    model = CertifiedPerson
    extra = 0


class MajorHazardSourceInline(admin.TabularInline):
    model = MajorHazardSource
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    list_display = ["name", "uscc", "region", "risk_grade", "supervision_class", "blacklisted"]
    list_filter = ["risk_grade", "supervision_class", "size", "blacklisted"]
    search_fields = ["name", "uscc"]
    autocomplete_fields = ["region", "responsible_agency"]
    filter_horizontal = ["industries"]
    inlines = [CertifiedPersonInline, MajorHazardSourceInline]
