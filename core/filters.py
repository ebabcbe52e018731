"""Filters shared by several apps: a region given by code selects its whole subtree."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Industry, Region
from .widgets import TreeSelect


class RegionSubtreeFilter(django_filters.CharFilter):
    """`?region=<code>`: rows whose region path lies under that region. Unknown code → no rows."""

    def __init__(self, *args, path_field: str = "region_path", **kwargs):
        self.path_field = path_field
        kwargs.setdefault("label", _("区划（含下级）"))
        kwargs.setdefault("widget", TreeSelect("region"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        region = Region.objects.filter(code=value).first()
        if region is None:
            return qs.none()
        return qs.filter(**{f"{self.path_field}__startswith": region.path})


class IndustrySubtreeFilter(django_filters.CharFilter):
    """`?industry=<code>`: rows in that industry or any sub-industry."""

    def __init__(self, *args, through: str = "industries", **kwargs):
        self.through = through
        kwargs.setdefault("label", _("行业领域（含下级）"))
        kwargs.setdefault("widget", TreeSelect("industry"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        industry = Industry.objects.filter(code=value).first()
        if industry is None:
            return qs.none()
        ids = Industry.objects.subtree(industry).values("id")
        return qs.filter(**{f"{self.through}__in": ids}).distinct()
