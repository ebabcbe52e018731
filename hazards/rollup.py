"""Keeping the hazard rollup (models_rollup.HazardRollup) exact, rebuilding and checking it.

- Every save of a hazard — the lifecycle services' create and guarded change (services.access._move)
  and any other writer — goes through `Hazard.save`, which wraps itself in `tracking`: the row's
  old key is read before, its new one after, and `rollup_apply` subtracts the old and adds the new
  with an atomic upsert (INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n), in one
  transaction with the save, so concurrent workers never lose an update; `Hazard.delete` calls
  `untrack`. (The model's own write path rather than a call in each service or a signal: a new
  service cannot forget it, and it is in plain sight on the model.)
- An enterprise that moves or whose industries change re-keys its hazards: enterprises calls the
  hook `rollup_rekey` registered here (enterprises.models.register_enterprise_rekey) before the
  change and the function it answers after it, in the same transaction.
- `rollup_rebuild` empties the table and fills it with one INSERT … SELECT … GROUP BY;
  `rollup_differences` compares the table with the same live GROUP BY (`manage.py rebuild_rollups`).

Dates are half-month buckets (`bucket`; the deadline's is the bucket of the day after it, so that
"deadline before the period's last day + 1" is a bucket comparison like the others): a figure over a period whose bounds fall on bucket edges
(the monthly report periods of the default report day, the 23rd; months; a campaign starting on the
1st) is read from the rollup alone; the hazards with a date in a bucket cut by a bound are counted
live (reports.statistics.rollup).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from checklists.choices import HazardLevel

from .models import Hazard
from .models_rollup import ROLLUP_DIMS, HazardRollup

#: The day a month's second bucket starts: the default monthly report day (seed 004: 每月23日).
SPLIT_DAY = 23

# --- buckets ----------------------------------------------------------------------------------


def bucket(day: date | None) -> int:
    """The half-month bucket of a date (0 for none): days 1–22 and 23–end of each month."""
    if day is None:
        return 0
    return (day.year * 12 + day.month - 1) * 2 + (1 if day.day >= SPLIT_DAY else 0)


def bucket_first(b: int) -> date:
    months, half = divmod(b, 2)
    year, month = divmod(months, 12)
    return date(year, month + 1, SPLIT_DAY if half else 1)


def bucket_last(b: int) -> date:
    return bucket_first(b + 1) - timedelta(days=1)


def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localtime(moment).date()


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def industry_key(ids) -> str:
    """ ",3,17,": an enterprise's own industry ids, sorted ("," when none)."""
    return "," + "".join(f"{pk}," for pk in sorted(set(ids)))


def enterprise_industry_keys(enterprise_ids) -> dict[int, str]:
    from enterprises.models import Enterprise

    ids = list(enterprise_ids)
    through = Enterprise.industries.through
    found: dict[int, list[int]] = {pk: [] for pk in ids}
    for enterprise_id, industry_id in through.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "industry_id"
    ):
        found[enterprise_id].append(industry_id)
    return {pk: industry_key(values) for pk, values in found.items()}


# --- one hazard's contribution ------------------------------------------------------------------

_READ = [
    "enterprise_id",
    "region_path",
    "campaign_id",
    "level",
    "status",
    "listed_level",
    "rectified_immediately",
    "measures",
    "responsibility",
    "funds_planned",
    "contingency_plan",
    "found_at",
    "closed_at",
    "listed_on",
    "deadline",
    "funds_spent",
]


def contribution(row: dict, key: str) -> tuple[tuple, Decimal]:
    """(the rollup key, the funds) of a hazard read as a dict of `_READ`."""
    major = row["level"] == HazardLevel.MAJOR
    dims = (
        row["region_path"],
        key,
        row["campaign_id"] or 0,
        row["level"],
        row["status"],
        row["listed_level"] or "",
        bool(row["rectified_immediately"]),
        major and bool(row["measures"]),
        major and bool(row["responsibility"]),
        major and row["funds_planned"] is not None,
        major and bool(row["contingency_plan"]),
        bucket(local_day(row["found_at"])),
        bucket(local_day(row["closed_at"])),
        bucket(row["listed_on"]),
        bucket(row["deadline"] + timedelta(days=1) if row["deadline"] else None),
    )
    return dims, Decimal(row["funds_spent"] or 0)


def hazard_contribution(pk: int, *, lock: bool = False) -> tuple[tuple, Decimal] | None:
    """The stored hazard's contribution (None when it does not exist)."""
    qs = Hazard.objects.filter(pk=pk)
    if lock and connection.in_atomic_block:
        qs = qs.select_for_update()
    row = qs.values(*_READ).first()
    if row is None:
        return None
    return contribution(row, enterprise_industry_keys([row["enterprise_id"]])[row["enterprise_id"]])


# --- applying changes ---------------------------------------------------------------------------

_COLUMNS = ", ".join(f'"{c}"' for c in ROLLUP_DIMS)
_UPSERT = (
    f'INSERT INTO "{HazardRollup._meta.db_table}" ({_COLUMNS}, "n", "funds") '
    f"VALUES ({', '.join(['%s'] * (len(ROLLUP_DIMS) + 2))}) "
    f"ON CONFLICT ({_COLUMNS}) DO UPDATE SET "
    f'"n" = "{HazardRollup._meta.db_table}"."n" + excluded."n", '
    f'"funds" = "{HazardRollup._meta.db_table}"."funds" + excluded."funds"'
)


_DELETE_EMPTY = (
    f'DELETE FROM "{HazardRollup._meta.db_table}" WHERE '
    + " AND ".join(f'"{c}" = %s' for c in ROLLUP_DIMS)
    + ' AND "n" = 0 AND "funds" = 0'
)


def rollup_add(deltas: dict[tuple, tuple[int, Decimal]]) -> None:
    """Add (n, funds) to each key, creating missing rows: one atomic upsert per key (in key order),
    so two transactions changing the same key both count (the second waits for the first's row
    lock). A row left counting nothing is deleted (an upsert racing with the delete inserts anew)."""
    rows = [(*key, n, funds) for key, (n, funds) in sorted(deltas.items()) if n or funds]
    if rows:
        with connection.cursor() as cur:
            cur.executemany(_UPSERT, rows)
            emptied = [row[:-2] for row in rows if row[-2] < 0]
            if emptied:
                cur.executemany(_DELETE_EMPTY, emptied)


def rollup_apply(before: tuple[tuple, Decimal] | None, after: tuple[tuple, Decimal] | None) -> None:
    """A hazard's contribution changed from `before` to `after` (None: absent): subtract the old
    key, add the new. Call inside the transaction of the change."""
    deltas: dict[tuple, tuple[int, Decimal]] = {}
    for item, sign in ((before, -1), (after, 1)):
        if item is not None:
            key, funds = item
            n0, f0 = deltas.get(key, (0, Decimal(0)))
            deltas[key] = (n0 + sign, f0 + sign * funds)
    rollup_add(deltas)


def _untracked(update_fields) -> bool:
    """A save of named fields none of which the rollup reads (e.g. a version bump alone)."""
    return update_fields is not None and not set(update_fields) & set(_READ)


@contextmanager
def tracking(hazard: Hazard, update_fields=None):
    """Wraps a hazard's save (`Hazard.save`): its old key is read (the row locked) before, its new
    one after, and the difference applied — the save and the rollup in one transaction."""
    if _untracked(update_fields):
        yield
        return
    with transaction.atomic():
        before = None if hazard._state.adding else hazard_contribution(hazard.pk, lock=True)
        yield
        rollup_apply(before, hazard_contribution(hazard.pk))


def untrack(hazard: Hazard) -> None:
    """A hazard about to be deleted (`Hazard.delete`, inside its transaction) leaves the rollup."""
    rollup_apply(hazard_contribution(hazard.pk, lock=True), None)


# --- grouped live counts (rebuild, check, re-keying) ----------------------------------------------


def _bucket_sql(field, *, aware: bool):
    kw = {"tzinfo": timezone.get_current_timezone()} if aware else {}
    year, month, day = ExtractYear(field, **kw), ExtractMonth(field, **kw), ExtractDay(field, **kw)
    half = Case(When(GreaterThanOrEqual(day, SPLIT_DAY), then=Value(1)), default=Value(0))
    return Coalesce((year * 12 + month - 1) * 2 + half, Value(0), output_field=IntegerField())


def _flag(q: Q):
    return Case(When(Q(level=HazardLevel.MAJOR) & q, then=Value(True)), default=Value(False))


def _grouped(enterprise_ids=None) -> tuple[str, list]:
    """SQL of the live GROUP BY over ROLLUP_DIMS, with n and funds, of all hazards or of some
    enterprises' (columns in the order of ROLLUP_DIMS)."""
    from enterprises.models import Enterprise

    qs = Hazard.objects.all() if enterprise_ids is None else Hazard.objects.filter(enterprise_id__in=enterprise_ids)
    inner = (
        qs.annotate(
            r_campaign=Coalesce("campaign_id", Value(0)),
            r_m=_flag(~Q(measures="")),
            r_r=_flag(~Q(responsibility="")),
            r_f=_flag(Q(funds_planned__isnull=False)),
            r_c=_flag(~Q(contingency_plan="")),
            r_found=_bucket_sql("found_at", aware=True),
            r_closed=_bucket_sql("closed_at", aware=True),
            r_listed=_bucket_sql("listed_on", aware=False),
            r_deadline=_bucket_sql(
                ExpressionWrapper(F("deadline") + timedelta(days=1), output_field=DateField()), aware=False
            ),
        )
        .values(
            "enterprise_id",
            "region_path",
            "r_campaign",
            "level",
            "status",
            "listed_level",
            "rectified_immediately",
            "r_m",
            "r_r",
            "r_f",
            "r_c",
            "r_found",
            "r_closed",
            "r_listed",
            "r_deadline",
        )
        .annotate(r_n=Count("id"), r_funds=Coalesce(Sum("funds_spent"), Value(0), output_field=DecimalField()))
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    through = Enterprise.industries.through._meta.db_table
    if connection.vendor == "postgresql":
        keys = (
            f"SELECT enterprise_id, ',' || string_agg(industry_id::text || ',', '' ORDER BY industry_id) AS k "
            f'FROM "{through}" GROUP BY enterprise_id'
        )
    else:
        keys = (
            f"SELECT enterprise_id, ',' || group_concat(industry_id || ',', '') AS k FROM "
            f'(SELECT enterprise_id, industry_id FROM "{through}" ORDER BY enterprise_id, industry_id) '
            "GROUP BY enterprise_id"
        )
    columns = [
        "g.region_path",
        "COALESCE(k.k, ',')",
        "g.r_campaign",
        "g.level",
        "g.status",
        "g.listed_level",
        "g.rectified_immediately",
        "g.r_m",
        "g.r_r",
        "g.r_f",
        "g.r_c",
        "g.r_found",
        "g.r_closed",
        "g.r_listed",
        "g.r_deadline",
    ]
    outer = (
        f"SELECT {', '.join(columns)}, SUM(g.r_n), SUM(g.r_funds) FROM ({sql}) g "
        f"LEFT JOIN ({keys}) k ON k.enterprise_id = g.enterprise_id "
        f"GROUP BY {', '.join(str(i) for i in range(1, len(columns) + 1))}"
    )
    return outer, list(params)


def _normal(key) -> tuple:
    """A key as Python values whatever the backend answered (SQLite: 0/1 for booleans)."""
    out = list(key)
    for i, name in enumerate(ROLLUP_DIMS):
        if name.startswith("has_") or name == "immediate":
            out[i] = bool(out[i])
        elif name.endswith("_b") or name == "campaign_id":
            out[i] = int(out[i] or 0)
    return tuple(out)


def live_counts(enterprise_ids=None) -> dict[tuple, tuple[int, Decimal]]:
    """{key: (n, funds)} counted now from the hazards (all, or of some enterprises)."""
    sql, params = _grouped(enterprise_ids)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return {_normal(row[:-2]): (int(row[-2]), Decimal(row[-1] or 0)) for row in cur.fetchall()}


def stored_counts() -> dict[tuple, tuple[int, Decimal]]:
    """{key: (n, funds)} of the rollup table, without the rows that count nothing."""
    rows = HazardRollup.objects.exclude(n=0, funds=0).values_list(*ROLLUP_DIMS, "n", "funds")
    return {_normal(row[:-2]): (int(row[-2]), Decimal(row[-1] or 0)) for row in rows}


@transaction.atomic
def rollup_rebuild() -> int:
    """Empty the rollup and fill it from the hazards with one INSERT … SELECT … GROUP BY; answers
    the number of rollup rows. Locks the table so that no hazard change interleaves."""
    table = HazardRollup._meta.db_table
    sql, params = _grouped()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
        cur.execute(f'DELETE FROM "{table}"')
        cur.execute(f'INSERT INTO "{table}" ({_COLUMNS}, "n", "funds") {sql}', params)
    return HazardRollup.objects.count()


def rollup_differences() -> list[tuple[tuple, tuple, tuple]]:
    """[(key, stored (n, funds), live (n, funds))] for every key where the table and the live
    GROUP BY differ (an empty list: the rollup is exact)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cur:  # one snapshot for both reads
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        live, stored = live_counts(), stored_counts()
    zero = (0, Decimal(0))
    return [
        (key, stored.get(key, zero), live.get(key, zero))
        for key in sorted(set(live) | set(stored), key=repr)
        if stored.get(key, zero) != live.get(key, zero)
    ]


def rollup_rekey(enterprise_ids):
    """The hook enterprises calls BEFORE some enterprises move or change industries: it counts
    their hazards under the current keys and answers the function to call AFTER the change, which
    subtracts those counts and adds the new ones (same transaction)."""
    ids = list(enterprise_ids)
    if not ids:
        return lambda: None
    list(Hazard.objects.select_for_update().filter(enterprise_id__in=ids).values_list("id", flat=True))
    before = live_counts(ids)

    def after() -> None:
        deltas = {key: (-n, -funds) for key, (n, funds) in before.items()}
        for key, (n, funds) in live_counts(ids).items():
            n0, f0 = deltas.get(key, (0, Decimal(0)))
            deltas[key] = (n0 + n, f0 + funds)
        rollup_add(deltas)

    return after
