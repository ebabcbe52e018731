"""The hazard FilterSet, serving both the HTML list and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import RegionSubtreeFilter
from core.todo import TodoFilter

from .choices import HazardLevel, HazardSource, HazardStatus
from .models import Hazard
from .todo import HAZARD_TODOS


class HazardFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=HazardStatus.choices, label=_("状态"))
    level = django_filters.ChoiceFilter(choices=HazardLevel.choices, label=_("等级"))
    source = django_filters.ChoiceFilter(choices=HazardSource.choices, label=_("来源"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("逾期"))
    listed = django_filters.BooleanFilter(method="filter_listed", label=_("挂牌督办"))
    region = RegionSubtreeFilter(path_field="region_path")
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("专项行动"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("企业"))
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("检查"))
    todo = TodoFilter(todos=HAZARD_TODOS)

    class Meta:
        model = Hazard
        fields = ["status", "level", "source", "overdue", "listed", "region", "campaign", "enterprise", "inspection"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

    def filter_listed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.listed() if value else queryset.filter(listed_level="")
