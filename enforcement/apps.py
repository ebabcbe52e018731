from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("执法")

    def ready(self) -> None:
        from hazards.hooks import register_on_hazard_closed

        from .services import refresh_hazard_publications

        register_on_hazard_closed(refresh_hazard_publications)
