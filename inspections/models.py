"""Inspections (检查): self-inspections, enforcement checks, patrols, spot-checks, look-backs.

The fields here are the contract other apps rely on (hazards, reports): add fields freely,
do not rename or remove these.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import NOTHING, enterprise_scope_q

from .choices import AnswerResult, InspectionKind, InspectionMethod, InspectionStatus


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InspectionQuerySet:
        """Officials: inspections of enterprises in their jurisdiction. Enterprise users: their own
        enterprise's inspections except unannounced ones not yet started. Experts: inspections
        of groups they belong to or that name them as inspectors."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser or user.is_official:
            return self.filter(enterprise_scope_q(user, "enterprise"))
        if user.is_enterprise_user:
            hidden = Q(method=InspectionMethod.UNANNOUNCED, status=InspectionStatus.PLANNED)
            return self.filter(enterprise_id=user.enterprise_id).exclude(hidden)
        if user.is_expert:
            return self.filter(Q(inspectors=user) | Q(group__members__user=user)).distinct()
        return self.filter(NOTHING)


class Inspection(models.Model):
    """One inspection of one enterprise, against a checklist version, by a kind and a method."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("检查类型"), max_length=16, choices=InspectionKind.choices)
    method = models.CharField(
        _("检查方式"), max_length=16, choices=InspectionMethod.choices, default=InspectionMethod.PLANNED
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    template = models.ForeignKey(
        "campaigns.ChecklistTemplate",
        verbose_name=_("检查表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("检查部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    group = models.ForeignKey(
        "campaigns.InspectionGroup",
        verbose_name=_("巡查组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), blank=True, related_name="inspections"
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("回头看的原检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="look_backs",
    )
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    planned_end = models.DateField(_("计划结束"), null=True, blank=True)
    actual_start = models.DateTimeField(_("实际开始"), null=True, blank=True)
    actual_end = models.DateTimeField(_("实际结束"), null=True, blank=True)
    conclusion = models.TextField(_("检查结论"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["-planned_start", "-id"]
        indexes = [
            models.Index(fields=["campaign", "status"], name="insp_campaign_status_idx"),
            models.Index(fields=["enterprise", "status"], name="insp_enterprise_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.enterprise}"


class InspectionAnswer(models.Model):
    """The answer to one checklist item in one inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("campaigns.ChecklistItem", on_delete=models.PROTECT, related_name="answers")
    result = models.CharField(_("结果"), max_length=16, choices=AnswerResult.choices, blank=True)
    number_value = models.DecimalField(_("数值"), max_digits=14, decimal_places=3, null=True, blank=True)
    text_value = models.TextField(_("文字"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检查项回答")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="answer_unique_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.result}"
