"""Hazards (隐患) and their rectification loop.

The fields here are the contract other apps rely on (inspections, reports): add fields
freely, do not rename or remove these. Status changes only in hazards/services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet

from .choices import HazardCategory, HazardLevel, HazardSource, HazardStatus


class HazardQuerySet(ScopedQuerySet):
    enterprise_field = "enterprise"

    def overdue(self, on=None) -> HazardQuerySet:
        """Overdue is derived: not closed and past its deadline."""
        day = on or timezone.localdate()
        return self.exclude(status=HazardStatus.CLOSED).filter(deadline__lt=day)


class Hazard(models.Model):
    """A hazard found at an enterprise, by an inspection item, a finding, a self-report or the public."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="hazards"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    item = models.ForeignKey(
        "campaigns.ChecklistItem",
        verbose_name=_("检查项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    source = models.CharField(_("来源"), max_length=16, choices=HazardSource.choices)
    description = models.TextField(_("隐患描述"))
    location = models.CharField(_("部位"), max_length=200, blank=True)
    level = models.CharField(_("等级"), max_length=8, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    category = models.CharField(_("类别"), max_length=8, choices=HazardCategory.choices, blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=HazardStatus.choices, default=HazardStatus.REPORTED)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发现人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False, help_text="compare-and-set counter")

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="hazard_status_deadline_idx"),
            models.Index(fields=["enterprise", "status"], name="hazard_enterprise_status_idx"),
            models.Index(fields=["campaign", "status", "level"], name="hazard_campaign_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.description[:30]}"

    @property
    def overdue(self) -> bool:
        return self.status != HazardStatus.CLOSED and self.deadline is not None and self.deadline < timezone.localdate()
