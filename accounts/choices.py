"""Kinds of users and roles inside an agency."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    OFFICIAL = "official", _("监管人员")
    ENTERPRISE = "enterprise", _("企业用户")
    EXPERT = "expert", _("外部专家")


class OfficialRole(models.TextChoices):
    ADMIN = "admin", _("管理员")
    INSPECTOR = "inspector", _("检查人员")
    LEADER = "leader", _("领导")
    LEGAL = "legal", _("法制审核人员")


class AgencyKind(models.TextChoices):
    EMERGENCY = "emergency", _("应急管理部门")
    CONSTRUCTION = "construction", _("住房城乡建设部门")
    TRANSPORT = "transport", _("交通运输部门")
    MARKET = "market", _("市场监管部门")
    FIRE = "fire", _("消防救援机构")
    INDUSTRY = "industry", _("工业和信息化部门")
    OTHER = "other", _("其他部门")


class NotificationKind(models.TextChoices):
    """What a notification (消息) is about; each kind is fed by one service."""

    SUBMISSION_REMINDER = "submission_reminder", _("催报")
    SELF_INSPECTION_REMINDER = "self_inspection_reminder", _("自查催办")
    HAZARD_OVERDUE = "hazard_overdue", _("逾期催办")
    HAZARD_ESCALATED = "hazard_escalated", _("升级督办")
    RECTIFICATION_REVIEW = "rectification_review", _("整改待验收")
    RECTIFICATION_ACCEPTED = "rectification_accepted", _("验收通过")
    RECTIFICATION_REJECTED = "rectification_rejected", _("整改被退回")
    LEGAL_REVIEW = "legal_review", _("待法制审核")
    LEGAL_REVIEW_DONE = "legal_review_done", _("法制审核结果")
    REPORT_RETURNED = "report_returned", _("报表退回")
    BULLETIN_ISSUED = "bulletin_issued", _("通报发布")
