"""Reads of statistics reports: a unit's form composed level by level, and its drill-down links.

A unit's report is its own records (live while a draft) plus, for every sub-region that has a
reporting unit of its own (a comprehensive agency), that unit's SUBMITTED figures — not the live
ones: the upper level sums what its sub-units reported, and says who is still missing. A
sub-region without a unit of its own (a township under a county) is counted live.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Agency
from campaigns.choices import StatForm
from campaigns.models import Campaign
from core.errors import DomainError
from core.models import Region

from .models import StatReport, StatReportStatus
from .renderers.xlsx import render_form_xlsx
from .statistics.drilldown import drill_url
from .statistics.forms import derive_rates, figure_keys, live_form
from .statistics.scope import TOTAL, StatScope, make_scope

REPORTED = (StatReportStatus.SUBMITTED, StatReportStatus.ACCEPTED)


def canonical_json(data) -> bytes:
    """The bytes a snapshot's SHA-256 is computed over: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def digest(data) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def snapshot_verifies(report: StatReport) -> bool:
    """The stored snapshot still hashes to the SHA-256 recorded when it was submitted."""
    return bool(report.snapshot) and digest(report.snapshot) == report.snapshot_sha256


def require_official(user) -> None:
    """Statistics, reports, progress reports and bulletins are for officials (监管部门) only: anyone
    else gets 403 (on pages and, through DRF, in the API)."""
    if not (user.is_superuser or getattr(user, "is_official", False)):
        raise PermissionDenied(_("统计报表、通报和工作进展情况仅供监管部门使用。"))


def unit_agency(region: Region) -> Agency | None:
    """The unit that reports for a region: its comprehensive agency (应急管理部门)."""
    return Agency.objects.filter(region=region, comprehensive=True).order_by("id").first()


def _add(total: dict, values: dict | None, keys: list[str]) -> None:
    if not values:
        return
    for key in keys:
        total[key] = (total.get(key) or 0) + (values.get(key) or 0)


def composed_form(form: str, scope: StatScope, *, unit: str = "") -> dict:
    """The unit's form: own records live, sub-units' rows from their submitted reports."""
    children = list(Region.objects.filter(parent=scope.region).order_by("code"))
    unit_children = [c for c in children if unit_agency(c) is not None]
    if not unit_children or scope.campaign is None:
        return live_form(form, scope, unit=unit)
    live_scope = scope.narrowed(exclude_paths=[c.path for c in unit_children])
    data = live_form(form, live_scope, unit=unit)
    keys = figure_keys(form)
    reports = {
        r.region_id: r
        for r in StatReport.objects.filter(
            campaign=scope.campaign, form=form, period=scope.period, region__in=unit_children, status__in=REPORTED
        )
    }
    missing = []
    submitted = []
    for child in unit_children:
        report = reports.get(child.pk)
        if report is None:
            missing.append(child.name)
        else:
            submitted.append((child, report))
    rows = data["rows"]
    if form == StatForm.SEED004:
        total = next(r for r in rows if r["kind"] == "total")
        for row in rows:
            child = next((c for c in unit_children if c.code == row["key"]), None)
            if child is None:
                continue
            report = reports.get(child.pk)
            if report is None:
                row.update(status="missing", values={k: None for k in row["values"]}, report_id=None)
                continue
            child_total = next(r for r in report.snapshot["rows"] if r["kind"] == "total")
            row.update(status=report.status, report_id=report.pk, values=dict(child_total["values"]))
            _add(total["values"], child_total["values"], keys)
        total["status"] = "composed"
        derive_rates(total["values"], form)
        for row in rows:
            if row["status"] != "missing":
                derive_rates(row["values"], form)
    else:
        for row in rows:
            for _child, report in submitted:
                match = next((r for r in report.snapshot["rows"] if r["key"] == row["key"]), None)
                _add(row["values"], match and match["values"], keys)
            derive_rates(row["values"], form)
            row["status"] = "composed" if submitted else "live"
    for _child, report in submitted:
        data["details"] += report.snapshot.get("details", [])
    data["details"].sort(key=lambda d: (d.get("found_on", ""), d.get("enterprise", "")))
    for i, detail in enumerate(data["details"], start=1):
        detail["number"] = i
    data["region"] = {"code": scope.region.code, "name": scope.region.name}
    data["missing"] = missing
    return data


def report_scope(report: StatReport) -> StatScope:
    return make_scope(region=report.region, period=report.period, campaign=report.campaign)


def report_data(report: StatReport) -> dict:
    """The figures of a report: its frozen snapshot once submitted, else composed now."""
    if report.frozen:
        return report.snapshot
    unit = report.agency.name if report.agency else report.region.name
    return composed_form(report.form, report_scope(report), unit=unit)


def with_links(data: dict) -> dict:
    """Add each live value's drill-down URL (`links`: {column: url}) to the rows of a form."""
    campaign_id = data["campaign"]["id"] if data.get("campaign") else None
    for row in data["rows"]:
        links = {}
        if row.get("status") == "live":
            for group in data["groups"]:
                for column in group["columns"]:
                    if column["rate"]:
                        continue
                    url = drill_url(
                        column["key"],
                        campaign_id=campaign_id,
                        region_code=row.get("region") or data["region"]["code"],
                        period=data["period"],
                        industry=row.get("industry", "") or data.get("industry", ""),
                        own=row.get("own", False),
                    )
                    if url:
                        links[column["key"]] = url
        row["links"] = links
    return data


def unit_regions(user):
    """The regions a user may pick as a unit: their own and those below, down to counties."""
    qs = Region.objects.exclude(level__in=["township", "grid"]).order_by("path")
    return qs if user.is_superuser else qs.filter(path__startswith=user.agency.region.path)


def resolve(params, user) -> dict:
    """The form, campaign, region and period a statistics request asks for (DomainError naming the field)."""
    form = params.get("form") or StatForm.SEED004
    if form not in StatForm.values:
        raise DomainError(_("报表「%(f)s」不存在，可选：seed004、national。") % {"f": form}, field="form")
    campaigns = Campaign.objects.visible_to(user)
    campaign = None
    if params.get("campaign"):
        campaign = campaigns.filter(pk=params["campaign"]).first() if str(params["campaign"]).isdigit() else None
        if campaign is None:
            raise DomainError(_("专项行动不存在或不在您的辖区内。"), field="campaign")
    region_code = params.get("region") or (user.agency.region.code if getattr(user, "agency", None) else "")
    region = unit_regions(user).filter(code=region_code).first()
    if region is None:
        raise DomainError(_("区划「%(c)s」不存在或不在您的辖区内。") % {"c": region_code}, field="region")
    period = params.get("period") or TOTAL
    return {"form": form, "campaign": campaign, "region": region, "period": period}


def live_statistics(params, user) -> tuple[dict, dict]:
    """The form a statistics request asks for (`resolve`), counted now within the user's
    jurisdiction, with every count's drill-down link: (choice, form data). Page and API share it."""
    choice = resolve(params, user)
    scope = make_scope(region=choice["region"], period=choice["period"], campaign=choice["campaign"], viewer=user)
    agency = unit_agency(choice["region"])
    data = live_form(choice["form"], scope, unit=agency.name if agency else choice["region"].name)
    return choice, with_links(data)


def report_file(report: StatReport, *, filler: str = "") -> tuple[bytes, str]:
    """A report's Excel file and its name: the file kept at submission once frozen, else made now."""
    name = f"{report.region.code}-{report.form}-{report.period}.xlsx"
    if report.frozen and report.file:
        with report.file.open("rb") as handle:
            return handle.read(), name
    return render_form_xlsx(report_data(report), filler=filler), name


def snapshot_differences(report: StatReport) -> list[dict]:
    """Cells where the live figures now differ from a frozen report's snapshot (row, column, then, now)."""
    if not report.frozen:
        return []
    unit = report.agency.name if report.agency else report.region.name
    now = composed_form(report.form, report_scope(report), unit=unit)
    labels = {c["key"]: c["label"] for g in report.snapshot["groups"] for c in g["columns"]}
    out = []
    for before, after in zip(report.snapshot["rows"], now["rows"], strict=False):
        for key, value in before["values"].items():
            if after["values"].get(key) != value:
                out.append(
                    {
                        "row": before["label"],
                        "column": labels.get(key, key),
                        "then": value,
                        "now": after["values"].get(key),
                    }
                )
    return out
