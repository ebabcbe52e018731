"""Registry pages: create and edit in the browser's forms, with the lists of people and hazard sources."""

from __future__ import annotations

import pytest
from django.test import Client

from core.models import Industry
from core.uscc import make_uscc
from enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "南宁安达危化品储运有限公司",
        "uscc": make_uscc("450102", 4242),
        "region": "450102002",
        "industries": [Industry.objects.get(code="hazchem").pk],
        "supervision_class": "average",
        "risk_grade": "orange",
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-0-name": "覃主任",
        "people-0-post": "principal",
        "people-0-certificate_number": "A123",
        "people-0-certificate_valid_until": "2027-05-01",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-0-name": "液氯储罐区",
        "sources-0-grade": "2",
        "sources-0-record_number": "BA-01",
    }
    data.update(overrides)
    return data


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_official_registers_an_enterprise_with_people_and_hazard_sources(official_a):
    response = logged_in(official_a).post("/enterprises/new/", form_data())
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name="南宁安达危化品储运有限公司")
    assert list(enterprise.certified_people.values_list("name", "certificate_number")) == [("覃主任", "A123")]
    assert enterprise.major_hazard_sources.get().name == "液氯储罐区"


def test_bad_uscc_in_the_form_is_named_and_nothing_is_saved(official_a):
    response = logged_in(official_a).post("/enterprises/new/", form_data(uscc="91450102ABCDEFGHI0"))
    assert response.status_code == 400
    assert "统一社会信用代码" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_bad_certificate_date_is_named_with_its_row_and_nothing_is_saved(official_a):
    response = logged_in(official_a).post(
        "/enterprises/new/", form_data(**{"people-0-certificate_valid_until": "2027-99-01"})
    )
    assert response.status_code == 400
    assert "第1行" in response.content.decode() and "证书有效期至" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_edit_page_updates_and_replaces_the_lists(official_a, enterprise_a):
    data = form_data(uscc=enterprise_a.uscc, name="南宁邕江化工股份有限公司")
    data.update({"people-TOTAL_FORMS": "1", "people-0-name": "新负责人"})
    response = logged_in(official_a).post(f"/enterprises/{enterprise_a.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "南宁邕江化工股份有限公司"
    assert list(enterprise_a.certified_people.values_list("name", flat=True)) == ["新负责人"]


def test_leader_cannot_open_the_edit_page(leader_a, enterprise_a):
    assert logged_in(leader_a).get(f"/enterprises/{enterprise_a.pk}/edit/").status_code == 403
    assert logged_in(leader_a).get("/enterprises/new/").status_code == 403


def test_filters_licence_expiring_within_days(official_a, enterprise_a):
    from datetime import timedelta

    from django.utils import timezone

    enterprise_a.licence_valid_until = timezone.localdate() + timedelta(days=20)
    enterprise_a.save()
    client = logged_in(official_a)
    assert enterprise_a.name in client.get("/enterprises/", {"licence_expiring_days": 30}).content.decode()
    assert enterprise_a.name not in client.get("/enterprises/", {"licence_expiring_days": 10}).content.decode()


def test_api_writes_certified_people(api_for, official_a, enterprise_a):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/",
        {
            "certified_people": [
                {
                    "name": "李四",
                    "post": "special_operation",
                    "certificate_number": "T9",
                    "certificate_valid_until": "2028-01-01",
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["certified_people"][0]["name"] == "李四"
