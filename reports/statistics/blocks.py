"""Counting the figures of a form for all its rows at once, in SQL aggregates: two queries per
source of records (hazards, inspections, enterprises, enforcement actions, groups), whatever the
number of rows and figures — one grouped by row (the sub-region each record lies in, the unit's
own level for the rest; or each industry a record's enterprise lies under, through the
enterprise–industry closure view), one for the exact total.

Hazard figures are summed from the hazard rollup instead (statistics.rollup): the same two queries
on its rows, plus two on the hazards when a bound of the period cuts a half-month bucket (only the
hazards with a date in that bucket are read). A scope of one enterprise, or an enterprise user's,
counts hazards live.

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
from .rollup import RollupPlan, rollup_plan, rollup_scope
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

Raw = dict[str, dict[str, object]]  # {row key: {figure key: value before `finish`}}


def _aggregates(scope: StatScope, keys: list[str]) -> dict:
    return {f"f{i}": FIGURES[key].aggregate(FIGURES[key].where(scope)) for i, key in enumerate(keys)}


def _by_industry(scope: StatScope, source: Source, rows: list[Row], keys: list[str], base) -> Raw:
    """Industry rows in ONE grouped query: records joined to the enterprise–industry closure (each
    record once per industry its enterprise lies under), grouped by the row's industry."""
    path = CLOSURE[source.key]
    if path is None:
        return {}
    by_id = {row.industry.pk: row for row in rows}
    grouped = base.filter(**{f"{path}__in": list(by_id)}).values(path).annotate(**_aggregates(scope, keys)).order_by()
    return {by_id[v[path]].key: {key: v[f"f{i}"] for i, key in enumerate(keys)} for v in grouped}


def _region_bucket(field: str, rows: list[Row]) -> Case:
    """Each record's row: the sub-region its path lies in, the unit's own level when none."""
    children = [row for row in rows if row.kind == "child"]
    own = next((row for row in rows if row.kind == "own"), None)
    return Case(
        *[When(**{f"{field}__startswith": row.region.path}, then=Value(row.key)) for row in children],
        default=Value(own.key if own else ""),
        output_field=CharField(),
    )


def _by_region(scope: StatScope, source: Source, rows: list[Row], keys: list[str], base) -> Raw:
    """The unit's own level and its sub-regions in ONE grouped query: each record gets the key of
    the sub-region its path lies in (the own level when none), and the figures are grouped by it."""
    bucket = _region_bucket(source.region_path, rows)
    grouped = base.annotate(stat_row=bucket).values("stat_row").annotate(**_aggregates(scope, keys)).order_by()
    wanted = {row.key for row in rows}
    return {v["stat_row"]: {key: v[f"f{i}"] for i, key in enumerate(keys)} for v in grouped if v["stat_row"] in wanted}


def _live(scope: StatScope, source: Source, rows: list[Row], keys: list[str], base) -> Raw:
    """Every row's figures counted from the records of `base`: by industry, by region, the total."""
    out: Raw = {}
    industry = [row for row in rows if row.kind == "industry"]
    regional = [row for row in rows if row.kind in ("own", "child")]
    totals = [row for row in rows if row.kind == "total"]
    if industry:
        out.update(_by_industry(scope, source, industry, keys, base))
    if regional:
        out.update(_by_region(scope, source, regional, keys, base))
    if totals:
        values = base.aggregate(**_aggregates(scope, keys))
        for row in totals:
            out[row.key] = {key: values[f"f{i}"] for i, key in enumerate(keys)}
    return out


def _industry_ids(rows: list[Row]) -> dict[str, set[int]]:
    """Each industry row's subtree of industry ids, from one read of the industry tree."""
    if not any(row.kind == "industry" for row in rows):
        return {}
    tree = list(Industry.objects.values_list("id", "path"))
    return {
        row.key: {pk for pk, path in tree if path.startswith(row.industry.path)}
        for row in rows
        if row.kind == "industry"
    }


def _held(industry_key: str) -> set[int]:
    """The industry ids of a rollup row's key (",3,17,")."""
    return {int(part) for part in industry_key.split(",") if part}


def _rolled(plan: RollupPlan, rows: list[Row], keys: list[str]) -> Raw:
    """Every row's hazard figures from the hazard rollup (rows with no date in an ambiguous
    bucket): the own level and sub-regions grouped in one query, the industry rows and the total
    as conditional sums in another."""
    out: Raw = {}
    specs = [FIGURES[key].spec for key in keys]
    qs = plan.rollup_rows()
    regional = [row for row in rows if row.kind in ("own", "child")]
    if regional:
        aggregates = {f"f{i}": spec.rollup_aggregate(spec.rollup(plan)) for i, spec in enumerate(specs)}
        grouped = (
            qs.annotate(stat_row=_region_bucket("region_path", regional))
            .values("stat_row")
            .annotate(**aggregates)
            .order_by()
        )
        wanted = {row.key for row in regional}
        for v in grouped:
            if v["stat_row"] in wanted:
                out[v["stat_row"]] = {key: v[f"f{i}"] for i, key in enumerate(keys)}
    industry = _industry_ids(rows)
    if industry:
        # The industry rows: the sums grouped by the enterprises' industry set (a few hundred sets),
        # each set added to every industry row whose subtree it meets — the rows the filter
        # `industry_any_q(subtree)` selects, without testing every rollup row once per industry.
        for row_key in industry:
            out[row_key] = dict.fromkeys(keys)
        aggregates = {f"f{i}": spec.rollup_aggregate(spec.rollup(plan)) for i, spec in enumerate(specs)}
        for v in qs.values("industry_key").annotate(**aggregates).order_by():
            held = _held(v["industry_key"])
            for row_key, ids in industry.items():
                if held & ids:
                    target = out[row_key]
                    for i, key in enumerate(keys):
                        target[key] = _add(target[key], v[f"f{i}"])
    totals = [row for row in rows if row.kind == "total"]
    aggregates = {}
    for row_key, row_q in [(row.key, Q()) for row in totals[:1]]:
        for i, spec in enumerate(specs):
            aggregates[f"r{len(aggregates)}"] = (row_key, keys[i], spec.rollup_aggregate(spec.rollup(plan) & row_q))
    if aggregates:
        values = qs.aggregate(**{name: agg for name, (_r, _k, agg) in aggregates.items()})
        for name, (row_key, key, _agg) in aggregates.items():
            out.setdefault(row_key, {})[key] = values[name]
        for row in totals[1:]:
            out[row.key] = dict(out[totals[0].key])
    return out


def _add(a, b):
    if a is None:
        return b
    return a if b is None else a + b


def _merge(into: Raw, part: Raw) -> None:
    for row_key, values in part.items():
        target = into.setdefault(row_key, {})
        for key, value in values.items():
            target[key] = _add(target.get(key), value)


def _split(scope: StatScope, source_key: str, keys: list[str]) -> tuple[RollupPlan | None, list[str], list[str]]:
    """(the rollup plan, the keys read from the rollup, the keys counted live) of one source."""
    plan = rollup_plan(scope) if source_key == "hazard" else None
    rolled = [key for key in keys if plan is not None and FIGURES[key].spec is not None]
    return plan, rolled, [key for key in keys if key not in rolled]


def compute(scope: StatScope, rows: list[Row], keys: list[str]) -> dict[str, dict[str, float | int]]:
    """{row key: {figure key: value}} for every row and figure. Hazard figures: from the hazard
    rollup (statistics.rollup), plus the hazards of ambiguous buckets counted live. Other sources
    (and hazards of one enterprise): per source one grouped query for the own level and the
    sub-regions, or for the industries, and one for the total (exact: a distinct count is never
    summed)."""
    by_source: dict[str, list[str]] = {}
    for key in keys:
        by_source.setdefault(FIGURES[key].source, []).append(key)
    raw: Raw = {row.key: {} for row in rows}
    for source_key, figure_keys in by_source.items():
        source = SOURCES[source_key]
        plan, rolled, live = _split(scope, source_key, figure_keys)
        if rolled:
            _merge(raw, _rolled(plan, rows, rolled))
            if plan.partial:
                _merge(raw, _live(scope, source, rows, rolled, source.base(scope).filter(plan.live_q())))
        if live:
            _merge(raw, _live(scope, source, rows, live, source.base(scope)))
    return {row.key: {key: FIGURES[key].finish(raw[row.key].get(key)) for key in keys} for row in rows}


def compute_periods(
    scope: StatScope, periods: list[tuple[str, date, date]], keys: list[str]
) -> dict[str, dict[str, float | int]]:
    """{period label: {figure key: value}}: each figure counted over the scope with each period's
    bounds (the same definition as a form of that period), in ONE query per source (a conditional
    aggregate per figure and period); hazard figures from the rollup plus one live query for the
    hazards of the periods' ambiguous buckets."""
    scopes = {label: replace(scope, start=start, end=end, period=label) for label, start, end in periods}
    raw: dict[str, dict] = {label: {} for label in scopes}
    by_source: dict[str, list[str]] = {}
    for key in keys:
        by_source.setdefault(FIGURES[key].source, []).append(key)
    for source_key, figure_keys in by_source.items():
        base = SOURCES[source_key].base(scope)
        plan, rolled, live = _split(scope, source_key, figure_keys)
        if rolled:
            plans = {label: rollup_plan(s) for label, s in scopes.items()}
            sums = {
                f"p{i}_{j}": FIGURES[key].spec.rollup_aggregate(FIGURES[key].spec.rollup(p) & p.rollup_q())
                for i, p in enumerate(plans.values())
                for j, key in enumerate(rolled)
            }
            values = rollup_scope(scope).aggregate(**sums)
            _merge(
                raw, {label: {k: values[f"p{i}_{j}"] for j, k in enumerate(rolled)} for i, label in enumerate(plans)}
            )
            partial = {label: p for label, p in plans.items() if p.partial}
            if partial:
                counts = {
                    f"p{i}_{j}": FIGURES[key].aggregate(FIGURES[key].where(scopes[label]) & p.live_q())
                    for i, (label, p) in enumerate(partial.items())
                    for j, key in enumerate(rolled)
                }
                any_q = Q(pk__in=[])
                for p in partial.values():
                    any_q |= p.live_q()
                values = base.filter(any_q).aggregate(**counts)
                _merge(
                    raw,
                    {label: {k: values[f"p{i}_{j}"] for j, k in enumerate(rolled)} for i, label in enumerate(partial)},
                )
        if live:
            counts = {
                f"p{i}_{j}": FIGURES[key].aggregate(FIGURES[key].where(period_scope))
                for i, period_scope in enumerate(scopes.values())
                for j, key in enumerate(live)
            }
            values = base.aggregate(**counts)
            _merge(raw, {label: {k: values[f"p{i}_{j}"] for j, k in enumerate(live)} for i, label in enumerate(scopes)})
    return {label: {key: FIGURES[key].finish(raw[label].get(key)) for key in keys} for label in scopes}


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
