"""The two statistics forms (统计报表) as plain data: columns grouped under their block headers,
rows with values, and the 重大隐患明细 of seed 004's form. The page, the API (JSON), the Excel
renderer and the submitted snapshot all use this one shape:

    {"form", "title", "campaign": {id, title, doc_number}, "region": {code, name}, "unit",
     "period", "period_label", "start", "end", "groups": [{label, columns: [{key, label, unit, rate}]}],
     "rows": [{key, label, kind, region, industry, status, values: {column: value}}],
     "details": [...], "missing": [...]}

1. seed 004 (兴应急发〔2022〕18号 附件): 成立检查组 · 督查监管部门情况 · 企业隐患排查整治进展情况
   (with enforcement) · 专项行动检查发现重大隐患明细; rows: the unit's own level, each
   sub-region, the total.
2. the national 隐患排查治理情况统计表: rows by industry (top levels, 工贸's sub-industries).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.choices import StatForm
from hazards.choices import HazardStatus, SupervisionLevel

from .blocks import compute, industry_rows, region_rows
from .figures import FIGURES, RATES, rate_value, rows_of
from .scope import StatScope, period_label

SEED004_GROUPS = [
    (_("成立检查组"), ["groups", "group_members", "group_experts"]),
    (
        _("督查监管部门情况"),
        [
            "inspecting_agencies",
            "inspections_enforcement",
            "inspections_patrol",
            "inspections_spot_check",
            "inspections_look_back",
            "inspections_expert",
            "inspections_interview",
            "inspections_self",
            "enterprises_in_scope",
            "enterprises_inspected",
            "coverage_rate",
        ],
    ),
    (
        _("企业隐患排查整治进展情况"),
        [
            "general_found",
            "general_rectified",
            "major_found",
            "major_rectified",
            "rectification_rate",
            "hazards_overdue",
            "funds_spent",
            "listed",
        ],
    ),
    (
        _("执法情况"),
        [
            "enforcement_order_rectify",
            "enforcement_suspension",
            "enforcement_fine",
            "fine_amount",
            "enforcement_closure",
            "enforcement_blacklist",
            "enforcement_judiciary",
            "enforcement_admonition",
            "enforcement_exposure",
        ],
    ),
]
NATIONAL_GROUPS = [
    (_("开展自查"), ["enterprises_self_inspected"]),
    (_("一般隐患"), ["general_found", "general_rectified", "general_rate"]),
    (_("重大隐患"), ["major_found", "major_rectified", "major_rate"]),
    (
        _("列入治理计划的重大隐患"),
        ["major_planned", "plan_targets", "plan_funds", "plan_people", "plan_deadline", "plan_safety"],
    ),
    (_("累计落实治理资金"), ["funds_spent"]),
    (_("挂牌督办"), ["listed_province", "listed_city", "listed_county"]),
]
TITLES = {
    StatForm.SEED004: _("专项行动统计报表"),
    StatForm.NATIONAL: _("隐患排查治理情况统计表"),
}


def layout(form: str) -> list[tuple[str, list[str]]]:
    return SEED004_GROUPS if form == StatForm.SEED004 else NATIONAL_GROUPS


def figure_keys(form: str) -> list[str]:
    """The counted figures of a form: its columns, and both counts of each of its rates."""
    keys: list[str] = []
    for _label, columns in layout(form):
        for key in columns:
            parts = [RATES[key].numerator, RATES[key].denominator] if key in RATES else [key]
            keys += [k for k in parts if k not in keys]
    return keys


def columns(form: str) -> list[dict]:
    out = []
    for label, keys in layout(form):
        cols = []
        for key in keys:
            item = RATES.get(key) or FIGURES[key]
            cols.append({"key": key, "label": str(item.label), "unit": str(item.unit), "rate": key in RATES})
        out.append({"label": str(label), "columns": cols})
    return out


def derive_rates(values: dict, form: str) -> dict:
    """Add the form's rates to a row's counts (from the counts, never from other rates)."""
    for _label, keys in layout(form):
        for key in keys:
            if key in RATES:
                rate = RATES[key]
                values[key] = rate_value(values.get(rate.numerator), values.get(rate.denominator))
    return values


def major_details(scope: StatScope) -> list[dict]:
    """专项行动检查发现重大隐患明细: one row per major hazard the seed-004 form counts."""
    qs = rows_of("major_found", scope).select_related("enterprise").order_by("found_at", "id")
    status = dict(HazardStatus.choices)
    levels = dict(SupervisionLevel.choices)
    return [
        {
            "id": h.pk,
            "number": i,
            "enterprise": h.enterprise.name,
            "region_path": h.enterprise.region_path,
            "description": h.description,
            "location": h.location,
            "found_on": timezone.localtime(h.found_at).date().isoformat(),
            "measures": h.measures,
            "deadline": h.deadline.isoformat() if h.deadline else "",
            "responsible_person": h.responsible_person,
            "listed": str(levels.get(h.listed_level, ""))
            + (f"（{h.listed_doc_number}）" if h.listed_doc_number else ""),
            "status": str(status.get(h.status, h.status)),
            "closed": h.status == HazardStatus.CLOSED,
        }
        for i, h in enumerate(qs, start=1)
    ]


def live_form(form: str, scope: StatScope, *, unit: str = "") -> dict:
    """A form computed now from the records (a draft, the statistics page, the API)."""
    if form not in StatForm.values:
        raise ValueError(form)
    rows = region_rows(scope.region) if form == StatForm.SEED004 else industry_rows(scope.region)
    values = compute(scope, rows, figure_keys(form))
    campaign = scope.campaign
    data = {
        "form": form,
        "title": (campaign.title + " " if campaign else "") + str(TITLES[form]),
        "campaign": {"id": campaign.pk, "title": campaign.title, "doc_number": campaign.doc_number}
        if campaign
        else None,
        "region": {"code": scope.region.code, "name": scope.region.name},
        "industry": scope.industry.code if scope.industry else "",
        "unit": unit,
        "period": scope.period,
        "period_label": period_label(scope.period, scope.start, scope.end),
        "start": scope.start.isoformat() if scope.start else None,
        "end": scope.end.isoformat(),
        "groups": columns(form),
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "kind": row.kind,
                "region": row.region.code if row.region and row.kind != "total" else scope.region.code,
                "own": row.kind == "own",
                "industry": row.industry.code if row.industry else "",
                "status": "live",
                "values": derive_rates(values[row.key], form),
            }
            for row in rows
        ],
        "details": major_details(scope) if form == StatForm.SEED004 else [],
        "missing": [],
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }
    return data
