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
