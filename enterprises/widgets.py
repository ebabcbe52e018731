"""The enterprise picker: name with its region and 统一社会信用代码 beside it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.models import Region
from core.widgets import RemoteSelect


def region_names(enterprises) -> dict[str, str]:
    """{region path: "兴宁区 · 民生街道"}: county and township of each enterprise, in one query."""
    paths = {e.region_path for e in enterprises}
    codes = {c for p in paths for c in p.split("/") if c}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    answer = {}
    for path in paths:
        codes_in_path = [c for c in path.split("/") if c]
        answer[path] = " · ".join(names.get(c, c) for c in codes_in_path[-2:])
    return answer


def enterprise_sub(enterprise, region_name: str | None = None) -> str:
    """The grey line beside an enterprise's name in a picker: its region and code."""
    if region_name is None:
        region_name = region_names([enterprise])[enterprise.region_path]
    return f"{region_name} · {enterprise.uscc}"


def enterprise_picker(**params) -> RemoteSelect:
    """A select searching the enterprises the user may see (params go to the search URL)."""
    return RemoteSelect(
        "enterprise",
        "enterprises:search",
        label=lambda e: e.name,
        sub=enterprise_sub,
        params=params,
        placeholder=_("输入企业名称或统一社会信用代码"),
    )
