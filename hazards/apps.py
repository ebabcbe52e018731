from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = _("隐患治理")

    def ready(self) -> None:
        from enterprises.models import register_enterprise_rekey
        from inspections.hazard_hooks import register_hazard_reporter

        from . import rollup
        from .services import hazard_from_inspection

        register_hazard_reporter(hazard_from_inspection)
        register_enterprise_rekey(rollup.rollup_rekey)
