"""Choices shared across apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇/街道")
    GRID = "grid", _("网格")


REGION_LEVEL_DEPTH = {
    RegionLevel.PROVINCE: 1,
    RegionLevel.CITY: 2,
    RegionLevel.COUNTY: 3,
    RegionLevel.TOWNSHIP: 4,
    RegionLevel.GRID: 5,
}
