from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _template_used_by_inspections(template_id: int) -> bool:
    """A checklist version is in use once an inspection took it or answered one of its items."""
    from .models import Inspection, InspectionAnswer

    return (
        Inspection.objects.filter(template_id=template_id).exists()
        or InspectionAnswer.objects.filter(item__template_id=template_id).exists()
    )


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("检查")

    def ready(self) -> None:
        from checklists.usage import register_usage_check

        register_usage_check(_template_used_by_inspections)
