"""Labels for the whole-process timeline of hazards and enforcement records (one set, shared by
both apps' pages): history entries store codes, pages show Chinese. A template tag may read from
the app above (README, "Layers")."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from enforcement.choices import BlacklistStatus, EnforcementStatus
from hazards.choices import HazardAction, HazardStatus, PublicReportStatus

register = template.Library()

ACTION_LABELS = {
    **dict(HazardAction.choices),
    "report": _("登记隐患"),
    "record_major_plan": _("登记五到位和双报告"),
    "escalate_1": _("逾期提醒企业"),
    "escalate_2": _("逾期报告监管部门"),
    "create": _("作出执法措施"),
    "legal_review": _("法制审核"),
    "notify": _("告知"),
    "list": _("列入"),
    "withdraw": _("撤销"),
    "remove_early": _("提前移出"),
    "expire": _("期满移出"),
    "publish": _("公示"),
    "submit": _("受理举报"),
    "verify": _("核查属实"),
    "dismiss": _("不予立案"),
}
STATE_LABELS = {
    **dict(HazardStatus.choices),
    **dict(EnforcementStatus.choices),
    **dict(BlacklistStatus.choices),
    **dict(PublicReportStatus.choices),
}


@register.filter
def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


@register.filter
def state_label(code: str) -> str:
    return STATE_LABELS.get(code, code or "—")
