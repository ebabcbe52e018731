"""Campaign fixtures: a 南宁 campaign by official_a and a 广西 campaign by a regional official."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def industry():
    from core.models import Industry

    return lambda code: Industry.objects.get(code=code)


@pytest.fixture
def agency_gx(db):
    from core.models import Region
    from tests.factories import AgencyFactory

    return AgencyFactory(name="广西壮族自治区应急管理厅", region=Region.objects.get(code="450000"))


@pytest.fixture
def official_gx(agency_gx):
    from tests.factories import UserFactory

    return UserFactory(username="gx_admin_t", agency=agency_gx, role="admin")


@pytest.fixture
def campaign_gx(official_gx, region, agency_a, agency_b):
    """A Guangxi-wide campaign for 2026 (agency_a/agency_b are the 南宁/柳州 lower agencies)."""
    from campaigns.services import campaign_create

    agency_a.parent = official_gx.agency
    agency_a.save()
    agency_b.parent = official_gx.agency
    agency_b.save()
    return campaign_create(
        actor=official_gx,
        title="全区安全生产专项整治行动",
        doc_number="桂安委〔2026〕1号",
        region=region("450000"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        phases=[
            {"name": "部署发动", "start": date(2026, 1, 1), "end": date(2026, 1, 31)},
            {"name": "集中整治", "start": date(2026, 2, 1), "end": date(2026, 11, 30)},
        ],
    )


@pytest.fixture
def campaign_a(official_a, region, industry):
    """A 南宁 hazardous-chemicals campaign for 2026 by official_a."""
    from campaigns.services import campaign_create

    return campaign_create(
        actor=official_a,
        title="南宁市危险化学品安全专项整治",
        region=region("450100"),
        industries=[industry("hazchem")],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
