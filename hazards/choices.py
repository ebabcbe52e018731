"""Choices of hazards, their notices and public reports; the hazard lifecycle's transition table lives here.

The table (TRANSITIONS) says, for every action, the states it may start from, the state it
leads to and who may take it. hazards/services/ (access and lifecycle) is the one place that applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from checklists.choices import HazardLevel  # noqa: F401  (one definition of 一般/重大)


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


class SupervisionLevel(models.TextChoices):
    """The level that lists a major hazard for supervision (挂牌督办); equals Region.level values."""

    PROVINCE = "province", _("省级挂牌")
    CITY = "city", _("市级挂牌")
    COUNTY = "county", _("县级挂牌")


class HazardAction(models.TextChoices):
    ASSIGN = "assign", _("落实五定，开始整改")
    SUBMIT = "submit_rectification", _("提交整改")
    RECTIFY_IMMEDIATELY = "rectify_immediately", _("立即整改")
    ACCEPT = "accept", _("验收销号")
    REJECT = "reject", _("验收不通过")
    LIST = "list_for_supervision", _("挂牌督办")


# Who may act (resolved per hazard and user in services.actor_roles):
#   "enterprise" - a user of the hazard's enterprise;
#   "official"   - an official (admin/inspector/leader) whose jurisdiction covers the enterprise;
#   "supervisor" - such an official whose agency is at the listing level when the hazard is
#                  listed (挂牌督办 is closed only by the listing level itself - our documented
#                  choice: "only the listing level", not "that level or above").
ENTERPRISE, OFFICIAL, SUPERVISOR = "enterprise", "official", "supervisor"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: the status does not change (挂牌督办)
    who: tuple[str, ...]  # for a general, unlisted hazard
    who_major: tuple[str, ...]  # for a major or listed hazard


_OPEN = (HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.AWAITING_ACCEPTANCE)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            HazardAction.ASSIGN,
            (HazardStatus.REPORTED,),
            HazardStatus.RECTIFYING,
            (ENTERPRISE, OFFICIAL),
            (ENTERPRISE, OFFICIAL),
        ),
        Transition(
            HazardAction.SUBMIT,
            (HazardStatus.RECTIFYING,),
            HazardStatus.AWAITING_ACCEPTANCE,
            (ENTERPRISE,),
            (ENTERPRISE,),
        ),
        Transition(
            HazardAction.RECTIFY_IMMEDIATELY,
            (HazardStatus.REPORTED,),
            HazardStatus.AWAITING_ACCEPTANCE,
            (ENTERPRISE, OFFICIAL),
            (),  # a major hazard is never "fixed on the spot"
        ),
        Transition(
            HazardAction.ACCEPT,
            (HazardStatus.AWAITING_ACCEPTANCE,),
            HazardStatus.CLOSED,
            (ENTERPRISE, OFFICIAL),
            (SUPERVISOR,),
        ),
        Transition(
            HazardAction.REJECT,
            (HazardStatus.AWAITING_ACCEPTANCE,),
            HazardStatus.RECTIFYING,
            (ENTERPRISE, OFFICIAL),
            (SUPERVISOR,),
        ),
        Transition(HazardAction.LIST, _OPEN, None, (), (OFFICIAL,)),
    ]
}


def actions_from(status: str) -> list[str]:
    """Actions whose source states include `status` (ignoring who)."""
    return [a for a, t in TRANSITIONS.items() if status in t.sources]


class NoticeStep(models.IntegerChoices):
    ENTERPRISE = 1, _("逾期提醒企业")
    AGENCY = 2, _("逾期报告监管部门")


class PublicReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已受理，待核查")
    VERIFIED = "verified", _("核查属实，已立为隐患")
    DISMISSED = "dismissed", _("核查不属实，不予立案")
