"""Choices of campaigns, checklists and groups."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    SPECIAL = "special", _("专项行动")
    PATROL = "patrol", _("巡查")
    BIG_INSPECTION = "big_inspection", _("大检查")
    ENFORCEMENT_YEAR = "enforcement_year", _("执法年")


class AnswerKind(models.TextChoices):
    COMPLIANCE = "compliance", _("符合/不符合/不适用")
    NUMBER = "number", _("数值")
    TEXT = "text", _("文字")


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class TemplateKind(models.TextChoices):
    INSPECTION = "inspection", _("检查表")
    INTERVIEW = "interview", _("谈话提纲")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    EXPERT = "expert", _("专家")
