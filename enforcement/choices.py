"""Choices of enforcement actions, the blacklist and publicity."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnforcementKind(models.TextChoices):
    ORDER_RECTIFY = "order_rectify", _("责令限期整改")
    SUSPENSION = "suspension", _("责令停产停业整顿")
    FINE = "fine", _("罚款")
    SEAL = "seal", _("查封扣押")
    REVOCATION = "revocation", _("吊销证照")
    CLOSURE = "closure", _("关闭取缔")
    JUDICIARY = "judiciary", _("移送司法")
    ADMONITION = "admonition", _("约谈")
    EXPOSURE = "exposure", _("曝光")
    BLACKLIST = "blacklist", _("联合惩戒（黑名单）")


#: Kinds that are always major decisions (重大执法决定); fines are major above MAJOR_FINE_THRESHOLD.
MAJOR_KINDS = {EnforcementKind.SUSPENSION, EnforcementKind.CLOSURE, EnforcementKind.REVOCATION}


class EnforcementStatus(models.TextChoices):
    PENDING_REVIEW = "pending_review", _("待法制审核")
    EFFECTIVE = "effective", _("已生效")
    REFUSED = "refused", _("法制审核未通过")


class BlacklistStatus(models.TextChoices):
    NOTICED = "noticed", _("已告知，陈述申辩期")
    LISTED = "listed", _("已列入")
    WITHDRAWN = "withdrawn", _("申辩成立，不予列入")
    REMOVED = "removed", _("提前移出（信用修复）")
    EXPIRED = "expired", _("期满移出")


class RemovalApplicationStatus(models.TextChoices):
    """An enterprise's application for early removal (信用修复申请提前移出)."""

    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已同意，提前移出")
    REFUSED = "refused", _("不予移出")


class PublicationKind(models.TextChoices):
    MAJOR_HAZARD = "major_hazard", _("重大事故隐患挂牌督办")
    BLACKLIST = "blacklist", _("失信联合惩戒（黑名单）企业")
    CLOSURE = "closure", _("依法关闭取缔企业")
