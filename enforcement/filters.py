"""One FilterSet per model (enforcement actions, blacklist entries), serving both the HTML lists and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.todo import TodoFilter

from .choices import BlacklistStatus, EnforcementKind, EnforcementStatus
from .models import BlacklistEntry, EnforcementAction
from .todo import BLACKLIST_TODOS, ENFORCEMENT_TODOS


class EnforcementFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EnforcementKind.choices, label=_("措施类型"))
    status = django_filters.ChoiceFilter(choices=EnforcementStatus.choices, label=_("状态"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id")
    hazard = django_filters.NumberFilter(field_name="hazard_id")
    inspection = django_filters.NumberFilter(field_name="inspection_id")
    todo = TodoFilter(todos=ENFORCEMENT_TODOS)

    class Meta:
        model = EnforcementAction
        fields = ["kind", "status", "enterprise", "hazard", "inspection"]


class BlacklistFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=BlacklistStatus.choices, label=_("状态"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id")
    todo = TodoFilter(todos=BLACKLIST_TODOS)

    class Meta:
        model = BlacklistEntry
        fields = ["status", "enterprise"]
