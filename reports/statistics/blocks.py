"""Counting the figures of a form for all its rows at once, in SQL aggregates: two queries per
source of records (hazards, inspections, enterprises, enforcement actions, groups), whatever the
number of rows and figures — one grouped by row (the sub-region each record lies in, the unit's
own level for the rest; or each industry a record's enterprise lies under, through the
enterprise–industry closure view), one for the exact total.

A row is a slice of the unit's scope: a sub-region, the unit's own level (本级: its subtree without
the sub-regions), an industry, or the total. Each row gives the scope a drill-down list of one of
its figures is computed over (`Row.scope`), which selects the same records as the grouped count.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import gettext as _

from core.models import Industry, Region
from enterprises.models import Enterprise

from .figures import FIGURES
from .scope import StatScope
from .sources import SOURCES, Source


@dataclass
class Row:
    key: str
    label: str
    kind: str  # "own" | "child" | "industry" | "total"
    region: Region | None = None
    industry: Industry | None = None
    exclude: tuple[str, ...] = field(default_factory=tuple)

    def q(self, source: Source) -> Q:
        """This row's slice of a source's records, inside the unit's scope."""
        q = Q()
        if self.region is not None:
            q &= Q(**{f"{source.region_path}__startswith": self.region.path})
        for path in self.exclude:
            q &= ~Q(**{f"{source.region_path}__startswith": path})
        if self.industry is not None:
            if source.key == "group":
                return Q(pk__in=[])
            # A semi-join PostgreSQL evaluates once per query (a hashed subplan), not per record.
            members = Enterprise.industries.through.objects.filter(industry__path__startswith=self.industry.path)
            field = "pk" if source.key == "enterprise" else "enterprise_id"
            q &= Q(**{f"{field}__in": members.values("enterprise_id")})
        return q

    def scope(self, unit: StatScope) -> StatScope:
        """The unit's scope narrowed to this row (what a drill-down list of this row counts over)."""
        return unit.narrowed(region=self.region, industry=self.industry, exclude_paths=self.exclude)


#: How each source reaches the enterprise–industry closure view (None: not by industry).
CLOSURE = {
    "hazard": "enterprise__industry_closure__industry_id",
    "inspection": "enterprise__industry_closure__industry_id",
    "enforcement": "enterprise__industry_closure__industry_id",
    "enterprise": "industry_closure__industry_id",
    "group": None,
}


def _by_industry(scope: StatScope, source: Source, rows: list[Row], keys: list[str]) -> dict[str, dict]:
    """Industry rows in ONE grouped query: records joined to the enterprise–industry closure (each
    record once per industry its enterprise lies under), grouped by the row's industry."""
    path = CLOSURE[source.key]
    if path is None:
        return {row.key: {key: FIGURES[key].finish(None) for key in keys} for row in rows}
    by_id = {row.industry.pk: row for row in rows}
    aggregates = {f"f{i}": FIGURES[key].aggregate(FIGURES[key].where(scope)) for i, key in enumerate(keys)}
    grouped = source.base(scope).filter(**{f"{path}__in": list(by_id)}).values(path).annotate(**aggregates).order_by()
    out = {row.key: {key: FIGURES[key].finish(None) for key in keys} for row in rows}
    for values in grouped:
        row = by_id[values[path]]
        out[row.key] = {key: FIGURES[key].finish(values[f"f{i}"]) for i, key in enumerate(keys)}
    return out


def _by_region(scope: StatScope, source: Source, rows: list[Row], keys: list[str]) -> dict[str, dict]:
    """The unit's own level and its sub-regions in ONE grouped query: each record gets the key of
    the sub-region its path lies in (the own level when none), and the figures are grouped by it."""
    children = [row for row in rows if row.kind == "child"]
    own = next((row for row in rows if row.kind == "own"), None)
    bucket = Case(
        *[When(**{f"{source.region_path}__startswith": row.region.path}, then=Value(row.key)) for row in children],
        default=Value(own.key if own else ""),
        output_field=CharField(),
    )
    aggregates = {f"f{i}": FIGURES[key].aggregate(FIGURES[key].where(scope)) for i, key in enumerate(keys)}
    out = {row.key: {key: FIGURES[key].finish(None) for key in keys} for row in rows}
    grouped = source.base(scope).annotate(stat_row=bucket).values("stat_row").annotate(**aggregates).order_by()
    for values in grouped:
        if values["stat_row"] in out:
            out[values["stat_row"]] = {key: FIGURES[key].finish(values[f"f{i}"]) for i, key in enumerate(keys)}
    return out


def compute(scope: StatScope, rows: list[Row], keys: list[str]) -> dict[str, dict[str, float | int]]:
    """{row key: {figure key: value}} for every row and figure. Per source: one grouped query for
    the own level and the sub-regions, or for the industries, and one for the total (exact, so a
    distinct count is never summed)."""
    by_source: dict[str, list[str]] = {}
    for key in keys:
        by_source.setdefault(FIGURES[key].source, []).append(key)
    industry = [row for row in rows if row.kind == "industry"]
    regional = [row for row in rows if row.kind in ("own", "child")]
    totals = [row for row in rows if row.kind == "total"]
    out: dict[str, dict] = {row.key: {} for row in rows}
    for source_key, figure_keys in by_source.items():
        source = SOURCES[source_key]
        parts = []
        if industry:
            parts.append(_by_industry(scope, source, industry, figure_keys))
        if regional:
            parts.append(_by_region(scope, source, regional, figure_keys))
        for part in parts:
            for row_key, values in part.items():
                out[row_key].update(values)
        if totals:
            aggregates = {
                f"f{i}": FIGURES[key].aggregate(FIGURES[key].where(scope)) for i, key in enumerate(figure_keys)
            }
            values = source.base(scope).aggregate(**aggregates)
            for row in totals:
                out[row.key].update({key: FIGURES[key].finish(values[f"f{i}"]) for i, key in enumerate(figure_keys)})
    return out


def compute_periods(
    scope: StatScope, periods: list[tuple[str, date, date]], keys: list[str]
) -> dict[str, dict[str, float | int]]:
    """{period label: {figure key: value}}: each figure counted over the scope with each period's
    bounds (the same definition as a form of that period), in ONE query per source (a conditional
    aggregate per figure and period)."""
    scopes = {label: replace(scope, start=start, end=end, period=label) for label, start, end in periods}
    out: dict[str, dict] = {label: {} for label in scopes}
    by_source: dict[str, list[str]] = {}
    for key in keys:
        by_source.setdefault(FIGURES[key].source, []).append(key)
    for source_key, figure_keys in by_source.items():
        aggregates = {
            f"p{i}_{j}": FIGURES[key].aggregate(FIGURES[key].where(period_scope))
            for i, period_scope in enumerate(scopes.values())
            for j, key in enumerate(figure_keys)
        }
        values = SOURCES[source_key].base(scope).aggregate(**aggregates)
        for i, label in enumerate(scopes):
            out[label].update({key: FIGURES[key].finish(values[f"p{i}_{j}"]) for j, key in enumerate(figure_keys)})
    return out


def compute_enterprises(
    scope: StatScope, keys: list[str], *, order_by: str, limit: int = 50
) -> list[tuple[int, dict[str, float | int]]]:
    """[(enterprise id, {figure key: value})] for the enterprises with the most `order_by` in the
    scope: figures of records tied to one enterprise (hazards, inspections, enforcement), grouped
    by enterprise in one query per source."""
    by_source: dict[str, list[str]] = {}
    for key in keys:
        by_source.setdefault(FIGURES[key].source, []).append(key)
    if set(by_source) - {"hazard", "inspection", "enforcement"}:
        raise ValueError("per-enterprise figures count records of one enterprise")
    per: dict[int, dict] = {}
    first = FIGURES[order_by].source
    for source_key in [first, *[k for k in by_source if k != first]]:
        figure_keys = by_source[source_key]
        aggregates = {f"f{i}": FIGURES[key].aggregate(FIGURES[key].where(scope)) for i, key in enumerate(figure_keys)}
        grouped = SOURCES[source_key].base(scope).values("enterprise_id").annotate(**aggregates).order_by()
        if source_key == first:
            position = figure_keys.index(order_by)
            grouped = grouped.filter(**{f"f{position}__gt": 0}).order_by(f"-f{position}", "enterprise_id")[:limit]
        else:
            grouped = grouped.filter(enterprise_id__in=list(per))
        for values in grouped:
            row = per.setdefault(values["enterprise_id"], {}) if source_key == first else per[values["enterprise_id"]]
            row.update({key: FIGURES[key].finish(values[f"f{i}"]) for i, key in enumerate(figure_keys)})
    for row in per.values():
        for key in keys:
            row.setdefault(key, FIGURES[key].finish(None))
    return list(per.items())


def region_rows(region: Region) -> list[Row]:
    """The unit's own level (本级), one row per sub-region, and the total."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    rows = [
        Row(
            region.code + ":own",
            _("%(r)s（本级）") % {"r": region.name},
            "own",
            region,
            exclude=tuple(c.path for c in children),
        )
    ]
    rows += [Row(c.code, c.name, "child", c) for c in children]
    rows.append(Row("total", _("合计"), "total", region))
    return rows


def industry_rows(region: Region) -> list[Row]:
    """The industry tree's top levels, 工贸's sub-industries under it, and the total."""
    rows = []
    for top in Industry.objects.filter(parent__isnull=True).order_by("path"):
        rows.append(Row(top.code, top.name, "industry", region, top))
        if top.code == "industry_trade":
            for sub in Industry.objects.filter(parent=top).order_by("path"):
                rows.append(Row(sub.code, _("其中：%(n)s") % {"n": sub.name}, "industry", region, sub))
    rows.append(Row("total", _("合计"), "total", region))
    return rows
