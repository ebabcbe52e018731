"""Jurisdiction: each persona sees exactly their enterprises, everywhere (list, detail, update, search, export)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def construction_site(db):
    return EnterpriseFactory(name="南宁安居建筑工程有限公司", industries=["construction"])


def visible_names(user):
    return set(Enterprise.objects.visible_to(user).values_list("name", flat=True))


def test_official_sees_own_region_subtree_only(official_a, enterprise_a, enterprise_b):
    assert visible_names(official_a) == {enterprise_a.name}


def test_official_of_another_region_sees_only_theirs(official_b, enterprise_a, enterprise_b):
    assert visible_names(official_b) == {enterprise_b.name}


def test_industry_regulator_sees_only_its_industry(construction_official, enterprise_a, construction_site):
    assert visible_names(construction_official) == {construction_site.name}


def test_industry_regulator_sees_sub_industries_of_what_it_supervises(db, enterprise_a):
    from core.models import Industry
    from tests.factories import AgencyFactory, UserFactory

    agency = AgencyFactory(name="南宁市工信局", kind="industry", comprehensive=False)
    agency.industries.set([Industry.objects.get(code="industry_trade")])
    official = UserFactory(agency=agency, role="inspector")
    steel = EnterpriseFactory(name="南宁钢铁", industries=["metallurgy"])
    assert visible_names(official) == {steel.name}


def test_enterprise_user_sees_only_own_enterprise(enterprise_user, enterprise_a, enterprise_b):
    assert visible_names(enterprise_user) == {enterprise_a.name}


def test_expert_and_anonymous_see_nothing(outsider, enterprise_a):
    from django.contrib.auth.models import AnonymousUser

    assert visible_names(outsider) == set()
    assert visible_names(AnonymousUser()) == set()


def test_province_official_sees_both_cities(db, enterprise_a, enterprise_b):
    from core.models import Region
    from tests.factories import AgencyFactory, UserFactory

    agency = AgencyFactory(name="自治区应急管理厅", region=Region.objects.get(code="450000"))
    official = UserFactory(agency=agency, role="admin")
    assert visible_names(official) == {enterprise_a.name, enterprise_b.name}


# --- the same rule through every endpoint ---------------------------------------------------


# (method, body) on /api/v1/enterprises/<id>/: the same list drives the 404 of another region and the
# owner's success, so a renamed route fails instead of passing as a 404.
ENTERPRISE_ENDPOINTS = [("get", None), ("patch", {"name": "南宁邕江化工股份有限公司"})]


@pytest.mark.parametrize(("method", "body"), ENTERPRISE_ENDPOINTS)
def test_api_list_detail_and_patch_of_another_region_answer_404(
    api_for, official_b, enterprise_a, enterprise_b, method, body
):
    client = api_for(official_b)
    listing = client.get("/api/v1/enterprises/").json()
    assert [e["name"] for e in listing["results"]] == [enterprise_b.name]
    url = f"/api/v1/enterprises/{enterprise_a.pk}/"
    response = client.get(url) if body is None else getattr(client, method)(url, body, format="json")
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=enterprise_a.pk).name == enterprise_a.name


@pytest.mark.parametrize(("method", "body"), ENTERPRISE_ENDPOINTS)
def test_api_detail_and_patch_succeed_for_the_official_in_scope(api_for, official_a, enterprise_a, method, body):
    client = api_for(official_a)
    url = f"/api/v1/enterprises/{enterprise_a.pk}/"
    response = client.get(url) if body is None else getattr(client, method)(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == enterprise_a.pk


def test_api_search_does_not_find_out_of_scope_enterprise(api_for, official_b, enterprise_a):
    client = api_for(official_b)
    for term in (enterprise_a.name, enterprise_a.uscc):
        assert client.get("/api/v1/enterprises/", {"search": term}).json()["results"] == []


def test_api_search_finds_by_name_fragment_and_by_lower_case_uscc(api_for, official_a, enterprise_a):
    client = api_for(official_a)
    assert client.get("/api/v1/enterprises/", {"search": "邕江"}).json()["results"][0]["id"] == enterprise_a.pk
    hits = client.get("/api/v1/enterprises/", {"search": enterprise_a.uscc.lower()}).json()["results"]
    assert [h["id"] for h in hits] == [enterprise_a.pk]


def test_enterprise_user_cannot_change_own_enterprise_gets_403(api_for, enterprise_user, enterprise_a):
    client = api_for(enterprise_user)
    assert client.get(f"/api/v1/enterprises/{enterprise_a.pk}/").status_code == 200
    response = client.patch(f"/api/v1/enterprises/{enterprise_a.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403


def test_enterprise_user_gets_404_for_another_enterprise(api_for, enterprise_user, enterprise_b):
    assert api_for(enterprise_user).get(f"/api/v1/enterprises/{enterprise_b.pk}/").status_code == 404


def test_outsider_gets_empty_list_and_404(api_for, outsider, enterprise_a):
    client = api_for(outsider)
    assert client.get("/api/v1/enterprises/").json()["count"] == 0
    assert client.get(f"/api/v1/enterprises/{enterprise_a.pk}/").status_code == 404


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_hide_another_regions_enterprise(official_b, enterprise_a, enterprise_b):
    client = _client(official_b)
    page = client.get("/enterprises/").content.decode()
    assert enterprise_b.name in page and enterprise_a.name not in page
    assert client.get(f"/enterprises/{enterprise_a.pk}/").status_code == 404
    assert client.get(f"/enterprises/{enterprise_a.pk}/edit/").status_code == 404
    assert client.post(f"/enterprises/{enterprise_a.pk}/edit/", {"name": "x"}).status_code == 404
    assert enterprise_a.name not in client.get("/enterprises/", {"search": "邕江"}).content.decode()


def test_export_contains_only_visible_enterprises(official_b, enterprise_a, enterprise_b):
    response = _client(official_b).get("/enterprises/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [enterprise_b.name]


def test_home_page_counts_only_the_jurisdiction(official_b, enterprise_a, enterprise_b):
    response = _client(official_b).get("/")
    assert response.context["enterprise_count"] == "1"


def test_admin_changelist_is_scoped_for_staff_officials(official_b, enterprise_a, enterprise_b):
    from django.contrib.auth.models import Permission

    official_b.is_staff = True
    official_b.save()
    official_b.user_permissions.add(Permission.objects.get(codename="view_enterprise"))
    page = _client(official_b).get("/admin/enterprises/enterprise/").content.decode()
    assert enterprise_b.name in page and enterprise_a.name not in page
    assert _client(official_b).get(f"/admin/enterprises/enterprise/{enterprise_a.pk}/change/").status_code in (302, 404)


def test_list_costs_a_fixed_number_of_queries(api_for, official_a, django_assert_max_num_queries):
    for _ in range(15):
        EnterpriseFactory()
    client = api_for(official_a)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/enterprises/")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 15
