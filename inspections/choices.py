"""Choices of inspections."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    SELF = "self", _("企业自查")
    ENFORCEMENT = "enforcement", _("执法检查")
    PATROL = "patrol", _("巡查")
    SPOT_CHECK = "spot_check", _("督查抽查")
    LOOK_BACK = "look_back", _("回头看")
    EXPERT = "expert", _("专家指导服务")
    INTERVIEW = "interview", _("负责人谈话")


class InspectionMethod(models.TextChoices):
    PLANNED = "planned", _("计划检查")
    DOUBLE_RANDOM = "double_random", _("双随机")
    UNANNOUNCED = "unannounced", _("四不两直")
    UNDERCOVER = "undercover", _("明查暗访")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("已计划")
    IN_PROGRESS = "in_progress", _("进行中")
    SUBMITTED = "submitted", _("已提交")
    REVIEWED = "reviewed", _("已审核")


class AnswerResult(models.TextChoices):
    COMPLIANT = "compliant", _("符合")
    NON_COMPLIANT = "non_compliant", _("不符合")
    NOT_APPLICABLE = "na", _("不适用")
