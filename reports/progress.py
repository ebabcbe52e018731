"""The progress report (工作进展情况) of a campaign, a unit and a period, as plain data.

Prefilled from the statistics of the unit and period (the "total" row of seed 004's form), the
phase the campaign is in at the period's end, the campaign's tasks with their progress as of that
day, and the ranking of the unit's sub-regions. The renderers (`reports/renderers/docx.py`,
`reports/renderers/progress_pdf.py`), the pages and the API all read this one dict:

    {"title", "campaign_name", "campaign": {id, title, doc_number}, "region": {code, name}, "unit",
     "period", "period_label", "start", "end", "date", "date_line", "headings": {key: text},
     "figures": {key: number}, "opening", "phase": {state, name, start, end, description, text},
     "phases": [{name, start, end, current}], "tasks": [{number, title, lead, deadline, status,
     status_label, note, noted_on}], "ranking": [{rank, code, name, coverage_rate,
     rectification_rate, hazards_found, coverage_text, rectification_text}], "generated_at"}

Only strings, numbers, booleans, None, lists and dicts: it is also the JSON of the API.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.choices import StatForm, TaskStatus
from campaigns.models import Campaign, TaskProgress
from core.errors import DomainError
from core.models import Region

from .selectors import resolve, unit_agency
from .statistics.forms import live_form
from .statistics.scope import TOTAL, StatScope, make_scope


def headings() -> dict[str, str]:
    """The five section headings, in order (shared by the page, the .docx and the PDF)."""
    return {
        "overall": _("一、总体进展"),
        "phase": _("二、所处阶段"),
        "tasks": _("三、重点任务推进情况"),
        "ranking": _("四、下级单位排名"),
        "next": _("五、下一步工作"),
    }


def cn_date(day: date | None) -> str:
    """2026-06-22 → "2026年6月22日" (the way a Chinese document writes a date)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def percent(value) -> str:
    """A rate as printed in the text: one decimal and "%", or "—" when it has no denominator."""
    return "—" if value is None else f"{float(value):.1f}%"


def _number(value) -> int | float:
    value = value or 0
    return int(value) if float(value).is_integer() else value


_NOTICE = re.compile(
    r"^(?:.*?关于)?(?:集中|深入|全面|扎实)?(?:开展)?(?P<name>.+?)(?:的通知|的实施方案|实施方案|方案)?$"
)


def campaign_name(campaign: Campaign) -> str:
    """What the campaign is called in a report's title: the notice's subject without "XX关于开展…的通知"."""
    title = (campaign.title or "").strip()
    match = _NOTICE.match(title)
    name = (match.group("name") if match else title).strip() or title
    return name


def report_title(campaign: Campaign) -> str:
    name = campaign_name(campaign)
    return name + (_("进展情况") if name.endswith("工作") else _("工作进展情况"))


def resolve_progress(params, user) -> dict:
    """The campaign, unit (region) and period a progress report asks for, checked: a visible
    campaign (required), a region in the user's jurisdiction and in the campaign's scope, a period
    inside the campaign. DomainError naming the field (`campaign`, `region`, `period`)."""
    choice = resolve(params, user)
    campaign, region, period = choice["campaign"], choice["region"], choice["period"]
    if campaign is None:
        raise DomainError(_("请选择专项行动。"), field="campaign")
    if not region.path.startswith(campaign.region_path):
        raise DomainError(
            _("%(r)s不在专项行动「%(c)s」的范围内。") % {"r": region.name, "c": campaign.title}, field="region"
        )
    make_scope(region=region, period=period, campaign=campaign)  # the period's format and dates
    return {"campaign": campaign, "region": region, "period": period}


def _opening(scope: StatScope, figures: dict) -> str:
    end = cn_date(scope.end)
    if scope.period == TOTAL:
        lead = _("截至%(end)s，专项行动开展以来累计") % {"end": end}
    else:
        lead = _("截至%(end)s，本统计期（自%(start)s起）") % {"end": end, "start": cn_date(scope.start)}
    return lead + _(
        "共检查企业%(inspected)s家（应检查%(in_scope)s家，覆盖率%(coverage)s），发现隐患%(found)s项，"
        "其中重大隐患%(major)s项，已整改%(rectified)s项，整改率%(rectification)s；逾期未整改%(overdue)s项，"
        "挂牌督办%(listed)s项。"
    ) % {
        "inspected": figures["enterprises_inspected"],
        "in_scope": figures["enterprises_in_scope"],
        "coverage": percent(figures["coverage_rate"]),
        "found": figures["hazards_found"],
        "major": figures["major_found"],
        "rectified": figures["hazards_rectified"],
        "rectification": percent(figures["rectification_rate"]),
        "overdue": figures["hazards_overdue"],
        "listed": figures["listed"],
    }


def _figures(values: dict) -> dict:
    def n(key):
        return _number(values.get(key))

    return {
        "enterprises_inspected": n("enterprises_inspected"),
        "enterprises_in_scope": n("enterprises_in_scope"),
        "coverage_rate": values.get("coverage_rate"),
        "general_found": n("general_found"),
        "major_found": n("major_found"),
        "hazards_found": n("general_found") + n("major_found"),
        "general_rectified": n("general_rectified"),
        "major_rectified": n("major_rectified"),
        "hazards_rectified": n("general_rectified") + n("major_rectified"),
        "rectification_rate": values.get("rectification_rate"),
        "hazards_overdue": n("hazards_overdue"),
        "listed": n("listed"),
    }


def _stage(name: str) -> str:
    """A phase's name as said in a sentence: "企业自查自纠" → "企业自查自纠阶段"; "回头看阶段" stays."""
    return name if name.endswith("阶段") else name + _("阶段")


def _phase(campaign: Campaign, day: date) -> tuple[dict, list[dict]]:
    """The phase containing `day`, or where `day` falls outside the phases (未开始, 已结束, between two)."""
    phases = list(campaign.phases.all())
    listed = [
        {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(), "current": p.start <= day <= p.end}
        for p in phases
    ]
    current = next((p for p in phases if p.start <= day <= p.end), None)
    info = {"state": "", "name": "", "start": None, "end": None, "description": "", "text": ""}
    if current is not None:
        info.update(
            state="current",
            name=current.name,
            start=current.start.isoformat(),
            end=current.end.isoformat(),
            description=current.description,
            text=_("截至%(day)s，专项行动处于%(name)s（%(start)s至%(end)s）。")
            % {
                "day": cn_date(day),
                "name": _stage(current.name),
                "start": cn_date(current.start),
                "end": cn_date(current.end),
            },
        )
        return info, listed
    first_start = min(p.start for p in phases) if phases else campaign.period_start
    last_end = max(p.end for p in phases) if phases else campaign.period_end
    if first_start is not None and day < first_start:
        text = _("截至%(day)s，专项行动尚未开始（%(start)s开始）。") % {
            "day": cn_date(day),
            "start": cn_date(first_start),
        }
        info.update(state="not_started", name=_("未开始"), text=text)
    elif last_end is not None and day > last_end:
        text = _("截至%(day)s，专项行动已结束（%(end)s结束）。") % {"day": cn_date(day), "end": cn_date(last_end)}
        info.update(state="ended", name=_("已结束"), text=text)
    elif phases:
        before = max((p for p in phases if p.end < day), key=lambda p: p.end)
        after = min((p for p in phases if p.start > day), key=lambda p: p.start)
        info.update(
            state="between",
            name=_("阶段之间"),
            text=_("截至%(day)s，%(before)s已结束，%(after)s将于%(start)s开始。")
            % {
                "day": cn_date(day),
                "before": _stage(before.name),
                "after": _stage(after.name),
                "start": cn_date(after.start),
            },
        )
    else:
        info.update(
            state="none",
            name=_("未划分阶段"),
            text=_("截至%(day)s，专项行动正在进行，未划分工作阶段。") % {"day": cn_date(day)},
        )
    return info, listed


def _tasks(campaign: Campaign, scope: StatScope) -> list[dict]:
    """Each task as of the period's end: its latest progress entry recorded by then (a task whose
    history is empty shows its stored progress), 逾期 when its deadline passed unfinished."""
    end_dt = scope.end_dt
    labels = dict(TaskStatus.choices)
    tasks = campaign.tasks.select_related("lead_agency").prefetch_related(
        Prefetch("progress_entries", queryset=TaskProgress.objects.order_by("-recorded_at", "-id"))
    )
    out = []
    for number, task in enumerate(tasks, start=1):
        entries = list(task.progress_entries.all())
        latest = next((e for e in entries if e.recorded_at < end_dt), None)
        if latest is not None:
            status, note = latest.progress, latest.note
            noted_on = timezone.localtime(latest.recorded_at).date().isoformat()
        elif not entries:
            status, note, noted_on = task.progress, task.note, None
        else:  # reported only after the period
            status, note, noted_on = TaskStatus.NOT_STARTED, "", None
        if status != TaskStatus.DONE and task.deadline and task.deadline < scope.end:
            status = TaskStatus.OVERDUE
        out.append(
            {
                "number": number,
                "title": task.title,
                "lead": task.lead_display or "—",
                "deadline": task.deadline.isoformat() if task.deadline else None,
                "status": str(status),
                "status_label": str(labels[status]),
                "note": note or "",
                "noted_on": noted_on,
            }
        )
    return out


def _ranking(form: dict) -> list[dict]:
    """The sub-regions by coverage rate, then rectification rate (highest first; no rate last);
    equal on both → the same rank."""
    rows = [r for r in form["rows"] if r["kind"] == "child"]

    def key(row):
        v = row["values"]
        cov, rect = v.get("coverage_rate"), v.get("rectification_rate")
        return (cov is None, -(cov or 0), rect is None, -(rect or 0), row["key"])

    out: list[dict] = []
    for position, row in enumerate(sorted(rows, key=key), start=1):
        v = row["values"]
        cov, rect = v.get("coverage_rate"), v.get("rectification_rate")
        rank = position
        if out and (out[-1]["coverage_rate"], out[-1]["rectification_rate"]) == (cov, rect):
            rank = out[-1]["rank"]
        out.append(
            {
                "rank": rank,
                "code": row["key"],
                "name": row["label"],
                "coverage_rate": cov,
                "rectification_rate": rect,
                "hazards_found": _number(v.get("general_found")) + _number(v.get("major_found")),
                "coverage_text": percent(cov),
                "rectification_text": percent(rect),
            }
        )
    return out


def report_date(scope: StatScope) -> date:
    """The document's date: a month's report is due the day after its period; a cumulative one is dated today."""
    if scope.period == TOTAL:
        return timezone.localdate()
    return scope.end + timedelta(days=1)


def progress_report_data(*, campaign: Campaign, region: Region, period: str, viewer=None) -> dict:
    """The progress report of `region`'s unit in `campaign` for `period` ("YYYY-MM" or "total").
    The caller checked the user may see the campaign and the region (`resolve_progress`); the
    figures count only records within `viewer`'s jurisdiction (None: the unit's own draft)."""
    scope = make_scope(region=region, period=period, campaign=campaign, viewer=viewer)
    agency = unit_agency(region)
    unit = agency.name if agency else region.name
    form = live_form(StatForm.SEED004, scope, unit=unit)
    total = next(r for r in form["rows"] if r["kind"] == "total")
    figures = _figures(total["values"])
    phase, phases = _phase(campaign, scope.end)
    when = report_date(scope)
    if scope.period == TOTAL:
        span = _("统计期：%(start)s至%(end)s（累计）") % {"start": cn_date(scope.start), "end": cn_date(scope.end)}
    else:
        span = _("统计期：%(start)s至%(end)s") % {"start": cn_date(scope.start), "end": cn_date(scope.end)}
    return {
        "title": report_title(campaign),
        "campaign_name": campaign_name(campaign),
        "campaign": {"id": campaign.pk, "title": campaign.title, "doc_number": campaign.doc_number},
        "region": {"code": region.code, "name": region.name},
        "unit": unit,
        "period": period,
        "period_label": form["period_label"],
        "start": form["start"],
        "end": form["end"],
        "date": cn_date(when),
        "date_line": span,
        "headings": headings(),
        "figures": figures,
        "opening": _opening(scope, figures),
        "phase": phase,
        "phases": phases,
        "tasks": _tasks(campaign, scope),
        "ranking": _ranking(form),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }
