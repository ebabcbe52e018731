"""FilterSets serving both the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IndustrySubtreeFilter, RegionSubtreeFilter

from .choices import CampaignKind, SubmissionStatus
from .models import Campaign, InspectionGroup, Submission


class CampaignFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("标题或文号"))
    region = RegionSubtreeFilter()
    industry = IndustrySubtreeFilter()
    kind = django_filters.ChoiceFilter(choices=CampaignKind.choices, label=_("类型"))
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("上级专项行动"))
    top_level = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("仅顶层"))

    class Meta:
        model = Campaign
        fields = ["search", "region", "industry", "kind", "parent", "source_seed"]

    def filter_search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(doc_number__icontains=value)) if value else queryset


class SubmissionFilter(django_filters.FilterSet):
    campaign = django_filters.NumberFilter(field_name="requirement__campaign_id", label=_("专项行动"))
    requirement = django_filters.NumberFilter(field_name="requirement_id", label=_("报送要求"))
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices, method="filter_status", label=_("状态"))

    class Meta:
        model = Submission
        fields = ["campaign", "requirement", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value) if value else queryset


class GroupFilter(django_filters.FilterSet):
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("专项行动"))

    class Meta:
        model = InspectionGroup
        fields = ["campaign"]
