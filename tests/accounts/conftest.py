"""Fixtures the notification tests borrow from the apps that raise notifications."""

from __future__ import annotations

import pytest

from tests.campaigns.conftest import agency_gx, industry, official_gx  # noqa: F401
from tests.hazards.conftest import make_hazard  # noqa: F401
from tests.reports.conftest import districts, world  # noqa: F401


@pytest.fixture
def responsible(enterprise_a, agency_a):
    """enterprise_a answers to agency_a (its 执法主体)."""
    enterprise_a.responsible_agency = agency_a
    enterprise_a.save()
    return enterprise_a
