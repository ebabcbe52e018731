"""Keyset (cursor) pagination, for the HTML lists and the API alike.

A page is "the next N rows after this row, in this order": the position is the sort values of the
last row shown (a cursor), and the next page is found with an index range scan from there, so page
1 and a page 250,000 rows deep cost the same. The order must end with a unique column (`id`).
Nobody jumps to "page 5,000" of a list; they jump to a date or a name (`jump`), which is a range
condition on the first sort column, just as cheap.

Counts: a list never counts a million rows per view. Up to `LIST_EXACT_COUNT_LIMIT` rows the count
is exact (a COUNT over at most that many rows); above it the count is PostgreSQL's planner
estimate, shown labelled 约 (`count_estimated`).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _


class InvalidCursor(ValueError):
    """A cursor that this list did not make (edited, truncated, from another list)."""


def _message() -> str:
    return _("翻页位置（cursor）无效，请从第一页重新浏览。")


@dataclass(frozen=True)
class Key:
    """One sort column: its lookup path and direction."""

    path: str
    descending: bool
    #: The column may hold NULL: NULLs come last in either direction (said explicitly, since
    #: PostgreSQL and SQLite disagree by default).
    nullable: bool = False

    @classmethod
    def parse(cls, item: str) -> Key:
        return cls(item.lstrip("-"), item.startswith("-"))


def ordering_of(queryset: QuerySet, default: tuple[str, ...] | None = None) -> tuple[Key, ...]:
    """The queryset's order (or the model's) as keys, ending with the primary key."""
    names = list(default or queryset.query.order_by or queryset.model._meta.ordering or ["-pk"])
    if any(not isinstance(n, str) for n in names):
        raise TypeError(f"keyset pagination needs column names to sort by, not {names!r}")
    keys = [Key.parse(n.replace("pk", queryset.model._meta.pk.name) if n.lstrip("-") == "pk" else n) for n in names]
    pk = queryset.model._meta.pk.name
    if keys[-1].path != pk:
        keys.append(Key(pk, keys[-1].descending))
    return tuple(Key(k.path, k.descending, bool(_field(queryset, k.path).null)) for k in keys)


def _field(queryset: QuerySet, path: str):
    """The model field (or the annotation's output field) a sort key reads."""
    if path in queryset.query.annotations:
        return queryset.query.annotations[path].output_field
    model = queryset.model
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def _value_of(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part) if obj is not None else None
    return obj


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def encode_cursor(values: list, backwards: bool) -> str:
    raw = json.dumps({"v": [_plain(v) for v in values], "b": int(backwards)}, ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, queryset: QuerySet, keys: tuple[Key, ...]) -> tuple[list, bool]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw.decode())
        values, backwards = data["v"], bool(data["b"])
        if not isinstance(values, list) or len(values) != len(keys):
            raise InvalidCursor(_message())
        typed = []
        for key, value in zip(keys, values, strict=True):
            if value is None and not key.nullable:
                raise InvalidCursor(_message())
            typed.append(None if value is None else _field(queryset, key.path).to_python(value))
        return typed, backwards
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError, ValidationError) as exc:
        if isinstance(exc, InvalidCursor):
            raise
        raise InvalidCursor(_message()) from exc


def after_q(keys: tuple[Key, ...], values: list, backwards: bool = False) -> Q:
    """Rows strictly after the position in the order (before it when `backwards`).

    Written as `first <= v AND (first < v OR (first = v AND (second < w OR ...)))`: the redundant
    bound on the first column is what lets the database start an index scan at the position.
    A nullable column sorts its NULLs last: after a value come the NULLs, after NULL only NULLs."""

    def beyond(key: Key, value, strict: bool) -> Q:
        forward_lt = key.descending != backwards
        return Q(**{f"{key.path}__{'lt' if forward_lt else 'gt'}{'' if strict else 'e'}": value})

    def rest(i: int) -> Q:
        key, value = keys[i], values[i]
        tail = rest(i + 1) if i < len(keys) - 1 else None
        if value is None:  # among the NULLs (last): forward stays among them, backwards reaches all values
            same = Q(**{f"{key.path}__isnull": True})
            q = same & tail if tail is not None else Q(pk__in=[])
            return (Q(**{f"{key.path}__isnull": False}) | q) if backwards else q
        q = beyond(key, value, True)
        if key.nullable and not backwards:
            q |= Q(**{f"{key.path}__isnull": True})
        return q | (Q(**{key.path: value}) & tail) if tail is not None else q

    first = keys[0]
    if first.nullable or values[0] is None:
        return rest(0)
    return beyond(first, values[0], False) & rest(0)


def _ordered(queryset: QuerySet, keys: tuple[Key, ...], backwards: bool) -> QuerySet:
    """The queryset in the keys' order (reversed when `backwards`), NULLs last (first reversed)."""
    terms = []
    for k in keys:
        descending = k.descending != backwards
        expr = F(k.path).desc if descending else F(k.path).asc
        terms.append(
            expr(nulls_last=True) if k.nullable and not backwards else expr(nulls_first=True) if k.nullable else expr()
        )
    return queryset.order_by(*terms)


def estimated_count(queryset: QuerySet) -> int | None:
    """PostgreSQL's planner estimate of the rows a queryset selects (None elsewhere)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def capped_count(queryset: QuerySet, limit: int | None = None) -> tuple[int, bool]:
    """(count, more): the exact count up to `limit`, else (limit, True) — "2,000+" — after counting
    at most limit + 1 rows."""
    limit = settings.LIST_EXACT_COUNT_LIMIT if limit is None else limit
    exact = queryset.order_by()[: limit + 1].count()
    return (exact, False) if exact <= limit else (limit, True)


def bounded_count(queryset: QuerySet, limit: int | None = None) -> tuple[int, bool]:
    """(count, estimated): exact up to `limit` rows, else the planner's estimate (at least limit + 1),
    rounded to two significant digits."""
    limit = settings.LIST_EXACT_COUNT_LIMIT if limit is None else limit
    exact, more = capped_count(queryset, limit)
    if not more:
        return exact, False
    estimate = estimated_count(queryset)
    if estimate is None:
        return queryset.count(), False
    estimate = max(estimate, limit + 1)
    digits = len(str(estimate)) - 2
    return round(estimate, -digits) if digits > 0 else estimate, True


def count_label(count: int, estimated: bool) -> str:
    """ "1,234" for an exact count, "约 12,000" for PostgreSQL's estimate of a long list."""
    number = f"{count:,}"
    return _("约 %(n)s") % {"n": number} if estimated else number


@dataclass
class KeysetPage:
    """One page of a list: its rows, whether there are rows before and after it, the cursors that
    reach them, and the list's count (exact or estimated)."""

    object_list: list
    has_next: bool
    has_previous: bool
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_estimated: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def paginate(
    queryset: QuerySet,
    *,
    cursor: str | None = None,
    per_page: int = 50,
    ordering: tuple[str, ...] | None = None,
    jump: Q | None = None,
    count: bool = True,
    exact_count: bool = False,
) -> KeysetPage:
    """The page of `queryset` at `cursor` (the first page when None; `jump` narrows the first page to
    rows from a position, e.g. a date; `exact_count` for a list whose count must match a report's).
    Raises InvalidCursor for a cursor this list did not make."""
    keys = ordering_of(queryset, ordering)
    backwards = False
    qs = queryset
    if cursor:
        values, backwards = decode_cursor(cursor, queryset, keys)
        qs = qs.filter(after_q(keys, values, backwards))
    elif jump is not None:
        qs = qs.filter(jump)
    rows = list(_ordered(qs, keys, backwards)[: per_page + 1])
    more = len(rows) > per_page
    if cursor and (not rows or (backwards and not more)):
        # Back at the start (or past the end of a list that shrank): the first page.
        return paginate(queryset, per_page=per_page, ordering=ordering, count=count, exact_count=exact_count)
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        has_next, has_previous = True, True
    else:
        has_next, has_previous = more, bool(cursor) or jump is not None
    first = [_value_of(rows[0], k.path) for k in keys] if rows else None
    last = [_value_of(rows[-1], k.path) for k in keys] if rows else None
    if not count:
        total, estimated = 0, False
    else:
        total, estimated = (queryset.count(), False) if exact_count else bounded_count(queryset)
    return KeysetPage(
        object_list=rows,
        has_next=bool(rows) and has_next,
        has_previous=bool(rows) and has_previous,
        next_cursor=encode_cursor(last, False) if rows and has_next else None,
        previous_cursor=encode_cursor(first, True) if rows and has_previous else None,
        count=total,
        count_estimated=estimated,
    )
