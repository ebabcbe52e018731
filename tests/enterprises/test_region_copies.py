"""Hazards and inspections carry a copy of their enterprise's region_path (enterprises.models.RegionCopy),
so lists filter by jurisdiction on one table. The copy is made when the row is created and follows
the enterprise when it moves, through the page's service and through the Excel import alike; the
scoping reads the copy, so a moved enterprise's hazards follow it into the new jurisdiction."""

from __future__ import annotations

import pytest

from core.models import Region
from enterprises.models import refresh_region_copies
from enterprises.services import enterprise_save
from hazards.models import Hazard
from inspections.models import Inspection
from tests.enterprises.test_import import post, row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows_of(enterprise_a, official_a):
    from hazards.services import hazard_report

    hazard = hazard_report(
        actor=official_a,
        enterprise=enterprise_a,
        level="general",
        description="配电箱未接地",
        location="二号车间",
        source="finding",
    )
    inspection = Inspection.objects.create(enterprise=enterprise_a, kind="daily", agency=official_a.agency)
    return hazard, inspection


def paths(*objs):
    return [type(o).objects.values_list("region_path", flat=True).get(pk=o.pk) for o in objs]


def test_new_rows_copy_their_enterprises_region(rows_of, enterprise_a):
    assert paths(*rows_of) == [enterprise_a.region_path, enterprise_a.region_path]
    assert enterprise_a.region_path.endswith("450102001/")


def test_moving_an_enterprise_moves_its_rows_and_their_visibility(rows_of, enterprise_a, official_a):
    from tests.factories import AgencyFactory, UserFactory

    qingxiu = UserFactory(agency=AgencyFactory(name="青秀区应急管理局", region=Region.objects.get(code="450103")))
    xingning = UserFactory(agency=AgencyFactory(name="兴宁区应急管理局", region=Region.objects.get(code="450102")))
    hazard, _inspection = rows_of
    assert Hazard.objects.visible_to(xingning).filter(pk=hazard.pk).exists()
    assert not Hazard.objects.visible_to(qingxiu).filter(pk=hazard.pk).exists()

    enterprise_a.region = Region.objects.filter(path__startswith=Region.objects.get(code="450103").path).last()
    enterprise_save(actor=official_a, enterprise=enterprise_a)

    assert paths(*rows_of) == [enterprise_a.region_path] * 2 and "/450103" in enterprise_a.region_path
    assert Hazard.objects.visible_to(qingxiu).filter(pk=hazard.pk).exists()
    assert not Hazard.objects.visible_to(xingning).filter(pk=hazard.pk).exists()
    assert Inspection.objects.visible_to(qingxiu).filter(pk=rows_of[1].pk).exists()


def test_the_import_moves_the_rows_of_an_enterprise_it_moves(api_for, official_a):
    assert post(api_for(official_a), workbook([row(1)])).status_code == 200
    from enterprises.models import Enterprise

    enterprise = Enterprise.objects.get()
    inspection = Inspection.objects.create(enterprise=enterprise, kind="daily", agency=official_a.agency)
    assert paths(inspection) == [enterprise.region_path]

    response = post(api_for(official_a), workbook([row(1, **{"区划代码": "450103001"})]))
    assert response.status_code == 200 and response.json()["updated"] == 1, response.json()
    enterprise.refresh_from_db()
    assert paths(inspection) == [enterprise.region_path] and "450103001" in enterprise.region_path


def test_refresh_changes_only_stale_copies(rows_of, enterprise_a):
    assert refresh_region_copies([enterprise_a.pk]) == 0
    Hazard.objects.filter(pk=rows_of[0].pk).update(region_path="/stale/")
    assert refresh_region_copies([enterprise_a.pk]) == 1
    assert paths(rows_of[0]) == [enterprise_a.region_path]
