"""Fixtures of the hazard tests: hazards in any state, photos. (The cache is emptied before every
test by the root conftest.py, for this run's keys only: a FLUSHDB here would wipe the keys of
another run sharing the Redis database.)"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "PNG")
    return out.getvalue()


def photo(name: str = "after.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture
def make_hazard(enterprise_a):
    """make_hazard(status=..., level=..., **fields): a hazard of enterprise_a put directly in a state."""
    from hazards.models import Hazard

    def make(status="reported", level="general", enterprise=None, **fields):
        defaults = {
            "source": "finding",
            "description": "储罐区可燃气体报警器失效",
            "location": "储罐区",
        }
        if status != "reported":
            defaults.update(
                responsible_person="张三",
                measures="更换报警器",
                executor="李四",
                acceptor="王五",
                deadline="2099-01-01",
            )
        defaults.update(fields)
        return Hazard.objects.create(enterprise=enterprise or enterprise_a, status=status, level=level, **defaults)

    return make


@pytest.fixture
def major_plan():
    return {
        "responsibility": "主要负责人牵头，设备部落实",
        "funds_planned": "120000.00",
        "contingency_plan": "储罐泄漏专项应急预案",
        "reported_to_department_on": "2026-11-01",
        "reported_to_congress_on": "2026-11-02",
    }
