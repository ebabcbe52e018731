"""Choices of campaigns, their targets, tasks, report requirements and groups."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    SPECIAL = "special", _("专项行动")
    PATROL = "patrol", _("巡查")
    BIG_INSPECTION = "big_inspection", _("大检查")
    ENFORCEMENT_YEAR = "enforcement_year", _("执法年")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    EXPERT = "expert", _("专家")


class Indicator(models.TextChoices):
    """Measurable targets (工作目标); each has ONE definition in reports/statistics/indicators.py."""

    PRINCIPAL_TRAINING_RATE = "principal_training_rate", _("企业主要负责人安全生产培训率")
    CERTIFIED_PERSONNEL_RATE = "certified_personnel_rate", _("高危行业“三项岗位”人员持证上岗率")
    INSPECTION_COVERAGE = "inspection_coverage", _("检查覆盖率")
    SELF_INSPECTION_RATE = "self_inspection_rate", _("企业自查率")
    HAZARD_RECTIFICATION_RATE = "hazard_rectification_rate", _("隐患整改率")
    MAJOR_HAZARD_CLOSURE_RATE = "major_hazard_closure_rate", _("重大隐患销号率")
    SPOT_CHECK_RATE = "spot_check_rate", _("抽查比例")
    SYSTEM_USAGE_RATE = "system_usage_rate", _("检查系统使用率")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    OVERDUE = "overdue", _("逾期")


class Recurrence(models.TextChoices):
    ONCE = "once", _("一次性")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEAR = "half_year", _("每半年")
    ANNUAL = "annual", _("每年")


class Submitters(models.TextChoices):
    LOWER_AGENCIES = "lower_agencies", _("下级部门")
    ENTERPRISES = "enterprises", _("范围内企业")


class StatForm(models.TextChoices):
    """The statistics forms (统计报表) a report requirement may ask for; reports/ computes and renders them."""

    SEED004 = "seed004", _("专项行动统计报表")
    NATIONAL = "national", _("隐患排查治理情况统计表")


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("未报")
    SUBMITTED = "submitted", _("已报")
    OVERDUE = "overdue", _("逾期")


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("人工催报")
    AUTOMATIC = "automatic", _("自动催报")
