"""Choices of hazards (the lifecycle states are the contract; transitions live here too)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.choices import HazardLevel  # noqa: F401  (one definition of 一般/重大)


class HazardStatus(models.TextChoices):
    REPORTED = "reported", _("已上报")
    RECTIFYING = "rectifying", _("整改中")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("待验收")
    CLOSED = "closed", _("已销号")


class HazardSource(models.TextChoices):
    INSPECTION = "inspection", _("检查发现")
    FINDING = "finding", _("检查发现（表外）")
    SELF_REPORT = "self_report", _("企业自查自报")
    PUBLIC_REPORT = "public_report", _("群众举报")


class HazardCategory(models.TextChoices):
    BASIC = "basic", _("基础管理")
    SITE = "site", _("现场管理")
