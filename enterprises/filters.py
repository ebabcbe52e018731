"""One FilterSet serving both the registry page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IndustrySubtreeFilter, RegionSubtreeFilter

from .choices import RiskGrade, Size, SupervisionClass
from .models import Enterprise


class EnterpriseFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("名称或统一社会信用代码"))
    region = RegionSubtreeFilter()
    industry = IndustrySubtreeFilter()
    risk_grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, label=_("风险等级"))
    supervision_class = django_filters.ChoiceFilter(choices=SupervisionClass.choices, label=_("监管分类"))
    size = django_filters.ChoiceFilter(choices=Size.choices, label=_("规模"))
    licence_expiring_days = django_filters.NumberFilter(
        # Bounded: a date past year 9999 would overflow (fuzzing sent 10^20 days).
        method="filter_licence_expiring",
        label=_("许可证N天内到期"),
        min_value=0,
        max_value=36500,
    )
    blacklisted = django_filters.BooleanFilter(label=_("黑名单"))

    class Meta:
        model = Enterprise
        fields = ["search", "region", "industry", "risk_grade", "supervision_class", "size"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_licence_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.licence_expiring_within(int(value))
