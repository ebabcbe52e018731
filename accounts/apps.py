from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("用户与部门")

    def ready(self) -> None:
        from . import sign_in_audit

        sign_in_audit.connect()
