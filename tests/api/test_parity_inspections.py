"""Inspection operations the pages had and the API lacked: 布置企业自查 and 回头看 (look-back linked to
its original with its checks); planning refuses both kinds instead of storing them half-made."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import api_as
from inspections import services
from inspections.models import Inspection
from tests.inspections.conftest import (  # noqa: F401  (fixtures)
    campaign,
    full_answers,
    items,
    jpeg_bytes,
    self_inspection,
    template,
)

pytestmark = pytest.mark.django_db


def is_chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


@pytest.fixture
def submitted(self_inspection, enterprise_user, items, full_answers):  # noqa: F811
    """The enterprise's self-inspection, submitted with two failures (two hazards)."""
    services.inspection_save_answers(actor=enterprise_user, inspection=self_inspection, answers=full_answers)
    services.inspection_add_evidence(
        actor=enterprise_user,
        inspection=self_inspection,
        upload=SimpleUploadedFile("p.jpg", jpeg_bytes()),
        item=items["2"],
    )
    services.inspection_submit(actor=enterprise_user, inspection=self_inspection)
    assert self_inspection.hazards.count() == 2
    return self_inspection


# --- 布置企业自查 ----------------------------------------------------------------------------


def test_official_arranges_self_inspections_for_the_campaigns_enterprises(
    official_a,
    campaign,  # noqa: F811
    template,  # noqa: F811
    enterprise_a,
    enterprise_b,
):
    r = api_as(official_a).post(
        "/api/v1/inspections/request-self/",
        {"campaign": campaign.pk, "template": template.pk, "deadline": "2026-06-30"},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.data["created"] == 1
    (row,) = r.data["inspections"]
    assert (row["kind"], row["enterprise"], row["template"], row["planned_end"]) == (
        "self",
        enterprise_a.pk,
        template.pk,
        "2026-06-30",
    )
    assert not Inspection.objects.filter(enterprise=enterprise_b).exists()
    # As on the page: enterprises that already have one are skipped.
    again = api_as(official_a).post(
        "/api/v1/inspections/request-self/",
        {"campaign": campaign.pk, "template": template.pk, "deadline": "2026-06-30"},
        format="json",
    )
    assert again.status_code == 201 and again.data["created"] == 0


def test_arranging_self_inspections_with_a_bad_deadline_names_the_field(official_a, campaign, template):  # noqa: F811
    r = api_as(official_a).post(
        "/api/v1/inspections/request-self/",
        {"campaign": campaign.pk, "template": template.pk, "deadline": "下个月"},
        format="json",
    )
    assert r.status_code == 400
    assert list(r.data) == ["deadline"] and is_chinese(r.data["deadline"][0])
    assert not Inspection.objects.exists()


def test_arranging_self_inspections_for_an_enterprise_outside_the_jurisdiction_names_the_field(
    official_a,
    campaign,  # noqa: F811
    template,  # noqa: F811
    enterprise_b,
):
    r = api_as(official_a).post(
        "/api/v1/inspections/request-self/",
        {"campaign": campaign.pk, "template": template.pk, "deadline": "2026-06-30", "enterprises": [enterprise_b.pk]},
        format="json",
    )
    assert r.status_code == 400
    assert list(r.data) == ["enterprises"] and is_chinese(r.data["enterprises"][0])
    assert not Inspection.objects.exists()


def test_another_regions_official_cannot_arrange_self_inspections_for_the_campaign(
    official_b,
    campaign,  # noqa: F811
    template,  # noqa: F811
    enterprise_a,
):
    r = api_as(official_b).post(
        "/api/v1/inspections/request-self/",
        {"campaign": campaign.pk, "template": template.pk, "deadline": "2026-06-30"},
        format="json",
    )
    assert r.status_code == 404
    assert not Inspection.objects.exists()


def test_planning_refuses_a_self_inspection_and_names_the_operation(official_a, campaign, enterprise_a):  # noqa: F811
    r = api_as(official_a).post(
        "/api/v1/inspections/",
        {"campaign": campaign.pk, "enterprise": enterprise_a.pk, "kind": "self", "inspectors": [official_a.pk]},
        format="json",
    )
    assert r.status_code == 400
    assert "request-self" in r.data["kind"][0] and is_chinese(r.data["kind"][0])


# --- 回头看 ------------------------------------------------------------------------------------


def test_planning_a_look_back_with_previous_is_refused_instead_of_stored_unlinked(submitted, official_a):
    r = api_as(official_a).post(
        "/api/v1/inspections/",
        {
            "campaign": submitted.campaign_id,
            "enterprise": submitted.enterprise_id,
            "kind": "look_back",
            "previous": submitted.pk,
            "inspectors": [official_a.pk],
        },
        format="json",
    )
    assert r.status_code == 400
    assert "look-back" in r.data["previous"][0] and "look-back" in r.data["kind"][0]
    assert not Inspection.objects.filter(kind="look_back").exists()


def test_look_back_is_linked_to_its_original_with_one_check_per_hazard(submitted, official_a):
    r = api_as(official_a).post(f"/api/v1/inspections/{submitted.pk}/look-back/", {}, format="json")
    assert r.status_code == 201, r.content
    assert (r.data["kind"], r.data["previous"], r.data["enterprise"]) == (
        "look_back",
        submitted.pk,
        submitted.enterprise_id,
    )
    assert r.data["inspectors"] == [official_a.pk]
    assert sorted(c["hazard"] for c in r.data["look_back_checks"]) == sorted(
        submitted.hazards.values_list("pk", flat=True)
    )
    assert all(c["status_at_creation"] == "reported" and c["rectified"] is None for c in r.data["look_back_checks"])


def test_the_api_look_back_is_the_pages_look_back(submitted, official_a):
    page = Client()
    page.force_login(official_a)
    assert page.post(f"/inspections/{submitted.pk}/look-back/").status_code == 302
    by_page = Inspection.objects.get(kind="look_back")
    r = api_as(official_a).post(f"/api/v1/inspections/{submitted.pk}/look-back/", {}, format="json")
    by_api = Inspection.objects.get(pk=r.data["id"])

    def shape(i):
        return (
            i.kind,
            i.previous_id,
            i.enterprise_id,
            i.campaign_id,
            i.template_id,
            i.agency_id,
            sorted(i.inspectors.values_list("pk", flat=True)),
            sorted(i.look_back_checks.values_list("hazard_id", "status_at_creation")),
        )

    assert shape(by_api) == shape(by_page)


def test_look_back_with_a_bad_date_names_the_field(submitted, official_a):
    r = api_as(official_a).post(
        f"/api/v1/inspections/{submitted.pk}/look-back/", {"planned_start": "五月"}, format="json"
    )
    assert r.status_code == 400
    assert list(r.data) == ["planned_start"] and is_chinese(r.data["planned_start"][0])
    assert not Inspection.objects.filter(kind="look_back").exists()


def test_look_back_of_an_unsubmitted_inspection_is_refused_naming_previous(self_inspection, official_a):  # noqa: F811
    r = api_as(official_a).post(f"/api/v1/inspections/{self_inspection.pk}/look-back/", {}, format="json")
    assert r.status_code == 400
    assert r.data["field"] == "previous" and is_chinese(r.data["detail"])


def test_another_regions_official_gets_404_for_a_look_back(submitted, official_b):
    r = api_as(official_b).post(f"/api/v1/inspections/{submitted.pk}/look-back/", {}, format="json")
    assert r.status_code == 404
    assert not Inspection.objects.filter(kind="look_back").exists()


def test_another_enterprise_gets_404_for_a_look_back(submitted, enterprise_user_b):
    r = api_as(enterprise_user_b).post(f"/api/v1/inspections/{submitted.pk}/look-back/", {}, format="json")
    assert r.status_code == 404
