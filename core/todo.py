"""To-do items (待办): what waits for a user, each a count and a link to exactly those rows.

A to-do is defined ONCE, by `rows(user)`: a queryset built on the model's `visible_to(user)`, so
every count goes through the jurisdiction scoping. Its count is `rows(user).count()`; its link is
a list page with `?todo=<key>`, where the list narrows its own visible rows to the same queryset
(`narrow`, or the `TodoFilter` of the list's FilterSet). The number on the home page and the rows
of the list therefore cannot disagree. Each app declares its to-dos in `<app>/todo.py`;
reports/todo.py picks them by role for the home page and `GET /api/v1/me/todo/`.

Knows no domain: the apps supply the querysets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .keyset import capped_count


@dataclass(frozen=True)
class Todo:
    """One to-do: `rows(user)` the scoped rows to act on; `late(rows)` the overdue part (shown red);
    `preview(rows)` a few rows for the home card ([{"text", "url", "deadline", "late"}])."""

    key: str
    label: Any
    url_name: str
    rows: Callable[[Any], Any]
    late: Callable[[Any], Any] | None = None
    preview: Callable[[Any], list[dict]] | None = None

    @property
    def url(self) -> str:
        return f"{reverse(self.url_name)}?todo={self.key}"

    def item(self, user, *, with_preview: bool = False) -> dict:
        """{"key", "label", "count", "more", "url"} plus, for the page, "shown", "late" and "preview".

        Counted up to LIST_EXACT_COUNT_LIMIT rows (core.keyset.capped_count): beyond it the item
        says "2,000+" (`more`) instead of counting a province's rows on every home page view."""
        rows = self.rows(user)
        count, more = capped_count(rows)
        late, late_more = capped_count(self.late(rows)) if self.late is not None and (count or more) else (0, False)
        item = {
            "key": self.key,
            "label": str(self.label),
            "count": count,
            "more": more,
            "shown": f"{count:,}+" if more else f"{count:,}",
            "url": self.url,
            "late": late,
            "late_shown": f"{late:,}+" if late_more else f"{late:,}",
            # Every row late: the card says 逾期 alone (not when both counts stopped at the limit).
            "all_late": bool(late) and late == count and not more,
        }
        if with_preview and self.preview is not None and count:
            item["preview"] = self.preview(rows)
        return item


def registry(*todos: Todo) -> dict[str, Todo]:
    return {t.key: t for t in todos}


def narrow(queryset, user, key: str, todos: dict[str, Todo]):
    """The list's rows that are the to-do's rows; an unknown key (or another list's) → no rows."""
    todo = todos.get(key)
    if todo is None or user is None:
        return queryset.none()
    return queryset.filter(pk__in=todo.rows(user).values("pk"))


def narrow_request(request, queryset, todos: dict[str, Todo]):
    """For a list view without a FilterSet: `?todo=<key>` narrows the list to that to-do."""
    key = request.GET.get("todo")
    return narrow(queryset, request.user, key, todos) if key else queryset


class TodoFilter(django_filters.CharFilter):
    """`?todo=<key>` in a FilterSet (page, API and export alike): the to-do's rows of the list."""

    def __init__(self, *args, todos: dict[str, Todo], **kwargs):
        self.todos = todos
        kwargs.setdefault("label", _("待办"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        request = getattr(self.parent, "request", None)
        return narrow(qs, getattr(request, "user", None), value, self.todos)
