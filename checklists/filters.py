"""One FilterSet for the checklist list (page and API)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ChecklistTemplate


class ChecklistFilter(django_filters.FilterSet):
    code = django_filters.CharFilter()
    source_seed = django_filters.CharFilter()
    latest = django_filters.BooleanFilter(method="filter_latest", label=_("仅最新版本"))

    class Meta:
        model = ChecklistTemplate
        fields = ["code", "source_seed", "kind"]

    def filter_latest(self, queryset, name, value):
        return queryset.latest_versions() if value else queryset
