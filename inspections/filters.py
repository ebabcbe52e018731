"""One FilterSet serving both the inspection list page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.todo import TodoFilter

from .choices import InspectionKind, InspectionMethod, InspectionStatus
from .models import Inspection
from .todo import INSPECTION_TODOS


class InspectionFilter(django_filters.FilterSet):
    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("专项行动"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("企业"))
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("检查类型"))
    method = django_filters.ChoiceFilter(choices=InspectionMethod.choices, label=_("检查方式"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("状态"))
    todo = TodoFilter(todos=INSPECTION_TODOS)

    class Meta:
        model = Inspection
        fields = ["campaign", "enterprise", "kind", "method", "status"]
