"""Test personas (conventions: an official of region A, a leader of A, an official of region B,
an enterprise user, an outsider) on the demo region and industry trees."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.reference import load_reference


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference()


@pytest.fixture
def region(db):
    from core.models import Region

    return lambda code: Region.objects.get(code=code)


@pytest.fixture
def agency_a(db):
    from tests.factories import AgencyFactory

    return AgencyFactory(name="南宁市应急管理局")


@pytest.fixture
def agency_b(db):
    from core.models import Region
    from tests.factories import AgencyFactory

    return AgencyFactory(name="柳州市应急管理局", region=Region.objects.get(code="450200"))


@pytest.fixture
def construction_agency(db):
    from core.models import Industry
    from tests.factories import AgencyFactory

    agency = AgencyFactory(name="南宁市住房城乡建设局", kind="construction", comprehensive=False)
    agency.industries.set([Industry.objects.get(code="construction")])
    return agency


@pytest.fixture
def official_a(agency_a):
    from tests.factories import UserFactory

    return UserFactory(
        username="official_a",
        display_name="黄海燕",
        agency=agency_a,
        role="inspector",
        cert_number="GX001",
        cert_valid_until="2099-12-31",
    )


@pytest.fixture
def official_a2(agency_a):
    from tests.factories import UserFactory

    return UserFactory(
        username="official_a2",
        display_name="陆建明",
        agency=agency_a,
        role="inspector",
        cert_number="GX002",
        cert_valid_until="2099-12-31",
    )


@pytest.fixture
def leader_a(agency_a):
    from tests.factories import UserFactory

    return UserFactory(username="leader_a", display_name="覃国华", agency=agency_a, role="leader")


@pytest.fixture
def legal_a(agency_a):
    from tests.factories import UserFactory

    return UserFactory(username="legal_a", display_name="莫晓雯", agency=agency_a, role="legal")


@pytest.fixture
def official_b(agency_b):
    from tests.factories import UserFactory

    return UserFactory(
        username="official_b",
        display_name="蓝文斌",
        agency=agency_b,
        role="inspector",
        cert_number="GX101",
        cert_valid_until="2099-12-31",
    )


@pytest.fixture
def construction_official(construction_agency):
    from tests.factories import UserFactory

    return UserFactory(username="construction_a", agency=construction_agency, role="inspector")


@pytest.fixture
def enterprise_a(db):
    """A hazardous-chemicals enterprise in 南宁·兴宁区·民生街道 (region A)."""
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(name="南宁邕江化工有限公司")


@pytest.fixture
def enterprise_b(db):
    """An enterprise in 柳州·城中区 (region B)."""
    from core.models import Region
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(
        name="柳州鑫源机械制造有限公司", region=Region.objects.get(code="450202001"), industries=["machinery"]
    )


@pytest.fixture
def enterprise_user(enterprise_a):
    from tests.factories import UserFactory

    return UserFactory(username="ent_a", display_name="周安全", kind="enterprise", enterprise=enterprise_a)


@pytest.fixture
def enterprise_user_b(enterprise_b):
    from tests.factories import UserFactory

    return UserFactory(username="ent_b", kind="enterprise", enterprise=enterprise_b)


@pytest.fixture
def outsider(db):
    """An outside expert: sees no enterprise data unless a group they belong to gives it."""
    from tests.factories import UserFactory

    return UserFactory(username="outsider", kind="expert", in_expert_pool=True)


@pytest.fixture
def api():
    """An API client; `api.force_authenticate(user)` to act as a persona."""
    return APIClient()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api_for():
    return api_as
