"""Choices of the enterprise registry."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Size(models.TextChoices):
    ABOVE = "above", _("规上")
    BELOW = "below", _("规下")


class RiskGrade(models.TextChoices):
    """安全风险等级: 重大/较大/一般/低 shown as red/orange/yellow/blue."""

    RED = "red", _("重大风险（红）")
    ORANGE = "orange", _("较大风险（橙）")
    YELLOW = "yellow", _("一般风险（黄）")
    BLUE = "blue", _("低风险（蓝）")


class SupervisionClass(models.TextChoices):
    """Seed 002 差异化执法: good → commitment, fewer checks; key → more checks."""

    GOOD = "good", _("基础好（承诺制，减少检查）")
    AVERAGE = "average", _("基础一般（计划检查、随机抽查）")
    KEY = "key", _("重点监管（增加检查频次）")


class CertifiedPost(models.TextChoices):
    """三项岗位 (seed 001)."""

    PRINCIPAL = "principal", _("主要负责人")
    SAFETY_MANAGER = "safety_manager", _("安全生产管理人员")
    SPECIAL_OPERATION = "special_operation", _("特种作业人员")


class MajorHazardGrade(models.TextChoices):
    ONE = "1", _("一级")
    TWO = "2", _("二级")
    THREE = "3", _("三级")
    FOUR = "4", _("四级")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("有错误，未导入")
