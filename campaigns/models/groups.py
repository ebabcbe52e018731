"""Inspection groups (巡查组) of a campaign, their members and their visits to enterprises."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.scoping import NOTHING

from ..choices import (
    GroupRole,
)
from .campaigns import Campaign


class InspectionGroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> InspectionGroupQuerySet:
        """Groups of visible campaigns; experts see only the groups they belong to."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if getattr(user, "is_expert", False):
            return self.filter(members__user=user).distinct()
        if getattr(user, "is_official", False):
            return self.filter(campaign__in=Campaign.objects.visible_to(user).values("id"))
        return self.filter(NOTHING)


class InspectionGroup(models.Model):
    """An inspection/patrol group (巡查组) of a campaign: leader, deputies, members, experts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("名称"), max_length=100)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡查组")
        verbose_name_plural = _("巡查组")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(InspectionGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_memberships")
    role = models.CharField(_("职务"), max_length=8, choices=GroupRole.choices)

    class Meta:
        verbose_name = _("巡查组成员")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="group_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class GroupVisit(models.Model):
    """A planned on-site visit of a group to an enterprise in the campaign's scope (seed 000: 3–5 days)."""

    group = models.ForeignKey(InspectionGroup, on_delete=models.CASCADE, related_name="visits")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="group_visits")
    start = models.DateField(_("进驻日期"))
    end = models.DateField(_("结束日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("巡查安排")
        verbose_name_plural = _("巡查安排")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="group_visit_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.enterprise} · {self.start}–{self.end}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1
