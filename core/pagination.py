"""The API's pagination: keyset (cursor) pages of every list (core.keyset).

`next` and `previous` are links carrying a `cursor`; `count` is exact up to
LIST_EXACT_COUNT_LIMIT rows and PostgreSQL's estimate above it, flagged by `count_estimated`.
Page numbers are gone: a page 250,000 rows deep costs what page 1 costs.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from .keyset import InvalidCursor, paginate


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        default = settings.REST_FRAMEWORK.get("PAGE_SIZE", 50)
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"每页条数应为 1 到 {self.max_page_size} 之间的整数。"]}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        ordering = getattr(view, "keyset_ordering", None)
        try:
            self.page = paginate(
                queryset,
                cursor=request.query_params.get(self.cursor_query_param) or None,
                per_page=self.get_page_size(request),
                ordering=ordering,
            )
        except InvalidCursor as exc:
            raise ValidationError({self.cursor_query_param: [str(exc)]}) from exc
        return self.page.object_list

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.count,
                "count_estimated": self.page.count_estimated,
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_estimated", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "条数：不超过 LIST_EXACT_COUNT_LIMIT（默认 2000）时为精确数，否则为数据库估算数（约数）",
                },
                "count_estimated": {"type": "boolean", "description": "count 是否为估算数（界面上标“约”）"},
                "next": {"type": "string", "format": "uri", "nullable": True, "description": "下一页（带 cursor）"},
                "previous": {"type": "string", "format": "uri", "nullable": True, "description": "上一页（带 cursor）"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "翻页位置：取自上一次响应的 next / previous 链接，不要自行构造",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"每页条数（1–{self.max_page_size}，默认 50）",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
