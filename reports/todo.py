"""The home page's to-do list (待办) by role, and the same items for `GET /api/v1/me/todo/`.

Every item is one app's to-do (`<app>/todo.py`, core/todo.py): one definition, counted within the
user's jurisdiction and linked to the list of exactly those rows. Leaders also get a summary of a
few figures of the statistics module (reports/statistics: the one definition of every figure),
each linked to its drill-down list, and the way to the dashboard.

- officials (administrators, inspectors): rectifications to accept, overdue hazards, major hazards
  without 五到位, this week's inspections, public reports to verify, sub-units' statistics reports
  to review, their unit's own reports due (administrators also review inspections);
- leaders: the summary and their approvals (inspections and sub-units' statistics reports);
- legal reviewers: decisions awaiting 法制审核;
- enterprise users: self-inspections, hazards to rectify, rejected rectifications, reports due,
  blacklist notices to answer;
- experts: their inspections and their conflicts (回避).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.choices import OfficialRole
from campaigns.todo import SUBMISSION_TODOS
from core.todo import Todo, registry
from enforcement.todo import BLACKLIST_TODOS, ENFORCEMENT_TODOS
from hazards.todo import HAZARD_TODOS, PUBLIC_REPORT_TODOS
from inspections.todo import CONFLICT_TODOS, INSPECTION_TODOS

from .models import StatReport, StatReportStatus
from .statistics.blocks import Row, compute
from .statistics.drilldown import drill_url
from .statistics.figures import FIGURES, RATES, rate_value
from .statistics.scope import TOTAL, make_scope

REVIEWING_ROLES = (OfficialRole.ADMIN, OfficialRole.INSPECTOR, OfficialRole.LEADER)
DASHBOARD_URL = "/dashboard/"
#: The figures of the leaders' summary (cumulative, the leader's unit, no campaign).
SUMMARY_FIGURES = ("hazards_found", "hazards_rectified", "major_found", "hazards_overdue")
SUMMARY_RATE = "rectification_rate"


def stat_reports_to_review(user):
    """Statistics reports submitted by sub-units (regions strictly inside the user's), waiting to
    be returned or accepted (the rule of services.can_decide_report)."""
    qs = StatReport.objects.visible_to(user).filter(status=StatReportStatus.SUBMITTED)
    if user.is_superuser:
        return qs
    if not (getattr(user, "is_official", False) and user.role in REVIEWING_ROLES):
        return qs.none()
    return qs.exclude(region_path=user.agency.region.path)


STAT_REPORT_TODOS = registry(
    Todo("stat_reports_to_review", _("下级上报待审核的统计报表"), "reports:stat_reports", stat_reports_to_review),
)


def _role(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    if user.is_superuser:
        return "superuser"
    if user.is_official:
        return user.role
    if user.is_enterprise_user:
        return "enterprise"
    if user.is_expert:
        return "expert"
    return ""


def _todos_for(role: str) -> list[Todo]:
    h, i, p = HAZARD_TODOS, INSPECTION_TODOS, PUBLIC_REPORT_TODOS
    s, r, e, b, c = SUBMISSION_TODOS, STAT_REPORT_TODOS, ENFORCEMENT_TODOS, BLACKLIST_TODOS, CONFLICT_TODOS
    official = [
        h["awaiting_acceptance"],
        h["overdue_hazards"],
        h["major_plan_missing"],
        i["inspections_this_week"],
        p["public_reports"],
        r["stat_reports_to_review"],
    ]
    own_reports = [s["submissions_due"], s["submissions_overdue"]]
    return {
        "superuser": [*official, i["inspections_to_review"]],
        OfficialRole.ADMIN: [*official, i["inspections_to_review"], *own_reports],
        OfficialRole.INSPECTOR: [*official, *own_reports],
        OfficialRole.LEADER: [i["inspections_to_review"], r["stat_reports_to_review"]],
        OfficialRole.LEGAL: [e["legal_review"]],
        "enterprise": [
            i["self_inspections_due"],
            h["hazards_to_rectify"],
            h["rectifications_rejected"],
            *own_reports,
            b["blacklist_notices"],
        ],
        "expert": [i["expert_inspections"], c["expert_conflicts"]],
    }.get(role, [])


def leader_summary(user) -> dict:
    """A few cumulative figures of the leader's unit from the statistics module, each with its
    drill-down list, and the rectification rate derived from two of them."""
    region = user.agency.region
    scope = make_scope(region=region, period=TOTAL, viewer=user)
    values = compute(scope, [Row("total", "", "total", region)], list(SUMMARY_FIGURES))["total"]
    items = [
        {
            "key": f"summary_{key}",
            "label": str(FIGURES[key].label),
            "count": int(values[key]),
            "more": False,
            "shown": f"{int(values[key]):,}",
            "url": drill_url(key, campaign_id=None, region_code=region.code, period=TOTAL),
            "late": int(values[key]) if key == "hazards_overdue" else 0,
            "late_shown": f"{int(values[key]):,}" if key == "hazards_overdue" else "0",
            "all_late": key == "hazards_overdue" and int(values[key]) > 0,
        }
        for key in SUMMARY_FIGURES
    ]
    rate = RATES[SUMMARY_RATE]
    return {
        "items": items,
        "rate_label": str(rate.label),
        "rate": rate_value(values[rate.numerator], values[rate.denominator]),
        "region": region.name,
    }


def todo_groups(user, *, with_preview: bool = False) -> list[dict]:
    """The home page's groups of items: the leaders' summary first, then the to-dos."""
    role = _role(user)
    groups = []
    if role == OfficialRole.LEADER:
        summary = leader_summary(user)
        groups.append({"key": "summary", "title": _("数据概览（累计）"), "link": DASHBOARD_URL, **summary})
    todos = _todos_for(role)
    if todos:
        groups.append(
            {"key": "todo", "title": _("待办"), "items": [t.item(user, with_preview=with_preview) for t in todos]}
        )
    return groups


def todo_items(user) -> list[dict]:
    """The flat list the API answers: [{"key", "label", "count", "more", "url"}], in the page's order."""
    return [
        {k: item[k] for k in ("key", "label", "count", "more", "url")}
        for group in todo_groups(user)
        for item in group["items"]
    ]
