"""Picker widgets: a select that renders only what is selected; static/js/pickers.js turns it into a
search-as-you-type (Tom Select) or a tree picker fed by a scoped JSON endpoint.

The form field keeps its queryset (the user's jurisdiction), so validation is unchanged: an id
picked outside it is refused by the field. Only the rendering changes: no page lists a whole
jurisdiction.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def picker_texts(**extra) -> str:
    """The words pickers.js shows, translated here (JSON for the data-texts attribute)."""
    words = {
        "all": _("全部"),
        "search": _("输入名称或代码搜索"),
        "loading": _("正在加载…"),
        "empty": _("没有找到"),
        "error": _("加载失败，请重试"),
        "more": _("结果较多，请输入更完整的名称或代码"),
        "expand": _("展开"),
        **extra,
    }
    return json.dumps({k: str(v) for k, v in words.items()}, ensure_ascii=False)


class RemoteSelect(forms.Select):
    """`<select data-picker="<kind>" data-url="…">` holding only the selected option(s).

    `label` turns a selected object into its text and `sub` into the grey line under it (region and
    code of an enterprise, agency of an official): the same words the endpoint answers, so a saved
    choice looks like a freshly picked one.
    """

    def __init__(
        self,
        kind: str,
        url_name: str,
        *,
        attrs: dict | None = None,
        label: Callable | None = None,
        sub: Callable | None = None,
        params: dict | None = None,
        placeholder=None,
    ):
        super().__init__(attrs)
        self.kind = kind
        self.url_name = url_name
        self.label = label
        self.sub = sub
        self.params = params or {}
        self.placeholder = placeholder

    def url(self) -> str:
        from urllib.parse import urlencode

        url = reverse(self.url_name)
        return f"{url}?{urlencode(self.params)}" if self.params else url

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Tom Select takes its look from the select's class: a picker is a select, whatever the form set.
        classes = attrs.get("class", "").replace("form-control", "form-select").split()
        attrs["class"] = " ".join(dict.fromkeys([*classes, "form-select"]))
        attrs["data-picker"] = self.kind
        attrs["data-url"] = self.url()
        attrs["data-placeholder"] = str(self.placeholder or _("输入名称或代码搜索"))
        attrs["data-texts"] = picker_texts()
        return attrs

    def _selected(self, values: list[str]) -> list[tuple[str, str, str]]:
        """(value, label, sub) of the selected values that are valid choices, in one query."""
        values = [v for v in values if v not in ("", None)]
        if not values:
            return []
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return [(str(k), str(v), "") for k, v in choices if str(k) in values]
        field = choices.field
        key = field.to_field_name or "pk"
        try:
            objects = list(queryset.filter(**{f"{key}__in": values}))
        except (ValueError, TypeError, ValidationError):
            return []
        label = self.label or field.label_from_instance
        return [
            (str(field.prepare_value(obj)), str(label(obj)), str(self.sub(obj)) if self.sub else "") for obj in objects
        ]

    def optgroups(self, name, value, attrs=None):
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0, attrs=attrs))
        for index, (val, label, sub) in enumerate(self._selected([str(v) for v in value]), start=1):
            option = self.create_option(name, val, label, True, index, attrs=attrs)
            option["attrs"]["data-data"] = json.dumps({"id": val, "text": label, "sub": sub}, ensure_ascii=False)
            options.append(option)
        return [(None, options, 0)]


class RemoteSelectMultiple(RemoteSelect, forms.SelectMultiple):
    """The same for a multiple choice (inspectors of an inspection)."""

    allow_multiple_selected = True


class TreeSelect(forms.Select):
    """`<select data-picker="region-tree|industry-tree">` for a code (a filter's value): shows the
    node's Chinese name, submits its code; the tree opens level by level from the endpoint."""

    def __init__(self, kind: str, attrs: dict | None = None):
        super().__init__(attrs)
        self.kind = kind

    def _model(self):
        from .models import Industry, Region

        return Region if self.kind == "region" else Industry

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-picker"] = f"{self.kind}-tree"
        attrs["data-url"] = reverse("core:tree", args=[self.kind])
        attrs["data-texts"] = picker_texts(search=_("输入名称搜索"))
        attrs.setdefault("class", "form-select")
        return attrs

    def format_value(self, value):
        if value in (None, ""):
            return []
        return [str(value)]

    def optgroups(self, name, value, attrs=None):
        options = [self.create_option(name, "", _("全部"), not value, 0, attrs=attrs)]
        codes = [v for v in value if v]
        if codes:
            node = self._model().objects.filter(code=codes[0]).first()
            label = node.name if node else codes[0]
            options.append(self.create_option(name, codes[0], label, True, 1, attrs=attrs))
        return [(None, options, 0)]
