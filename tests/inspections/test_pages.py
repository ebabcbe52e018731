from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hazards.models import Hazard
from inspections import services
from inspections.models import Draw, Inspection

from .conftest import jpeg_bytes


def test_enterprise_user_sees_self_inspection_with_deadline_on_home_and_list(client, self_inspection, enterprise_user):
    client.force_login(enterprise_user)
    assert "我的自查" in client.get("/").content.decode()
    page = client.get("/inspections/").content.decode()
    assert "测试检查表" in page


def test_fill_page_saves_a_draft_and_highlights_missing_items_on_submit(
    client, self_inspection, enterprise_user, items
):
    client.force_login(enterprise_user)
    assert client.get(f"/inspections/{self_inspection.pk}/fill/").status_code == 200
    r = client.post(
        f"/inspections/{self_inspection.pk}/fill/",
        {"op": "save", f"result_{items['1'].pk}": "compliant", f"note_{items['1'].pk}": "已公示"},
    )
    assert r.status_code == 302
    assert Inspection.objects.get(pk=self_inspection.pk).answers.get().note == "已公示"
    r = client.post(
        f"/inspections/{self_inspection.pk}/fill/", {"op": "submit", f"result_{items['1'].pk}": "compliant"}
    )
    html = r.content.decode()
    assert r.status_code == 200 and "还有 3 项未完成" in html
    assert f'id="item-{items["2"].pk}"' in html and "insp-item missing" in html


def test_fill_page_submits_with_a_photo_and_becomes_read_only(client, self_inspection, enterprise_user, items):
    client.force_login(enterprise_user)
    data = {
        "op": "submit",
        f"result_{items['1'].pk}": "compliant",
        f"result_{items['2'].pk}": "compliant",
        f"result_{items['3'].pk}": "non_compliant",
        f"number_{items['4'].pk}": "12",
        f"photo_{items['2'].pk}": SimpleUploadedFile("cam.jpg", jpeg_bytes(gps=True)),
    }
    r = client.post(f"/inspections/{self_inspection.pk}/fill/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Inspection.objects.get(pk=self_inspection.pk).status == "submitted"
    assert Hazard.objects.get(inspection=self_inspection).level == "major"
    assert client.get(f"/inspections/{self_inspection.pk}/fill/").status_code == 302
    detail = client.get(f"/inspections/{self_inspection.pk}/").content.decode()
    assert "22.810000" in detail  # EXIF GPS shown


# The pages of one self-inspection and who in scope opens them (only the enterprise fills it in).
# The same list drives the 404 of others and the owners' success, so a renamed page fails instead
# of passing as a 404.
INSPECTION_PAGES = [
    ("", ("enterprise_user", "official_a")),
    ("fill/", ("enterprise_user",)),
    ("record.pdf", ("enterprise_user", "official_a")),
]


@pytest.mark.parametrize(("suffix", "owners"), INSPECTION_PAGES)
def test_other_enterprise_and_other_region_get_404_on_pages(
    client, self_inspection, enterprise_user_b, official_b, suffix, owners
):
    for user in (enterprise_user_b, official_b):
        client.force_login(user)
        assert client.get(f"/inspections/{self_inspection.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize(("suffix", "owners"), INSPECTION_PAGES)
def test_the_enterprise_and_the_official_in_scope_open_the_same_pages(request, client, self_inspection, suffix, owners):
    for owner in owners:
        client.force_login(request.getfixturevalue(owner))
        assert client.get(f"/inspections/{self_inspection.pk}/{suffix}").status_code == 200, (owner, suffix)


def test_official_plans_with_repeat_visit_warning_and_draws_on_pages(
    client, campaign, enterprise_a, official_a, official_a2
):
    from core.models import Region
    from tests.factories import AgencyFactory, UserFactory

    county = AgencyFactory(name="兴宁区应急管理局", region=Region.objects.get(code="450102"))
    officer = UserFactory(agency=county, role="inspector")
    services.inspection_plan(
        actor=officer, campaign=campaign, enterprise=enterprise_a, kind="patrol", inspectors=[officer]
    )
    client.force_login(official_a)
    r = client.post(
        "/inspections/plan/",
        {
            "campaign": campaign.pk,
            "enterprise": enterprise_a.pk,
            "kind": "enforcement",
            "method": "planned",
            "inspectors": [official_a.pk, official_a2.pk],
        },
        follow=True,
    )
    assert "请避免重复检查" in r.content.decode()
    r = client.post(
        "/inspections/draws/new/",
        {"campaign": campaign.pk, "mode": "count", "count": 1, "inspectors_per_inspection": 2},
        follow=True,
    )
    html = r.content.decode()
    draw = Draw.objects.get()
    assert draw.seed in html and draw.inputs_digest in html and f"/api/v1/draws/{draw.pk}/verify/" in html


def test_enterprise_page_lists_its_inspections(client, self_inspection, official_a):
    client.force_login(official_a)
    html = client.get(f"/enterprises/{self_inspection.enterprise_id}/").content.decode()
    assert self_inspection.doc_number in html


def test_official_requests_self_inspections_for_the_campaign_scope(
    client, campaign, template, enterprise_a, enterprise_b, official_a
):
    client.force_login(official_a)
    r = client.post(
        "/inspections/self/request/", {"campaign": campaign.pk, "template": template.pk, "deadline": "2026-12-31"}
    )
    assert r.status_code == 302
    assert list(Inspection.objects.filter(kind="self").values_list("enterprise_id", flat=True)) == [enterprise_a.pk]
    client.post(
        "/inspections/self/request/", {"campaign": campaign.pk, "template": template.pk, "deadline": "2026-12-31"}
    )
    assert Inspection.objects.filter(kind="self").count() == 1  # not requested twice


def test_look_back_page_confirms_each_earlier_hazard(
    client, self_inspection, enterprise_user, official_a, items, full_answers
):
    services.inspection_save_answers(actor=enterprise_user, inspection=self_inspection, answers=full_answers)
    services.inspection_add_evidence(
        actor=enterprise_user,
        inspection=self_inspection,
        upload=SimpleUploadedFile("p.jpg", jpeg_bytes()),
        item=items["2"],
    )
    services.inspection_submit(actor=enterprise_user, inspection=self_inspection)
    client.force_login(official_a)
    r = client.post(f"/inspections/{self_inspection.pk}/look-back/")
    look_back = Inspection.objects.get(kind="look_back")
    assert r.url == f"/inspections/{look_back.pk}/"
    checks = list(look_back.look_back_checks.all())
    page = client.get(f"/inspections/{look_back.pk}/fill/").content.decode()
    assert "已上报" in page  # the hazards' current state
    data = {
        "op": "submit",
        "conclusion": "1项未整改",
        f"rectified_{checks[0].pk}": "yes",
        f"rectified_{checks[1].pk}": "no",
    }
    assert client.post(f"/inspections/{look_back.pk}/fill/", data).status_code == 302
    assert Hazard.objects.filter(inspection=look_back).count() == 1


def test_interview_records_the_interviewee_on_the_page(client, campaign, enterprise_a, official_a):
    from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate

    t = ChecklistTemplate.objects.create(code="seed000-head-interview", name="企业负责人谈话", kind="interview")
    s = ChecklistSection.objects.create(template=t, title="谈话内容")
    item = ChecklistItem.objects.create(template=t, section=s, number="1", text="七项职责履职情况", answer_kind="text")
    interview = services.inspection_plan(
        actor=official_a, campaign=campaign, enterprise=enterprise_a, kind="interview", inspectors=[official_a]
    )
    assert interview.template == t
    client.force_login(official_a)
    data = {
        "op": "submit",
        f"text_{item.pk}": "已建立全员安全生产责任制",
        "interviewee_name": "李明",
        "interviewee_post": "总经理",
        "conclusion": "谈话完成",
    }
    assert client.post(f"/inspections/{interview.pk}/fill/", data).status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.interviewee_name) == ("submitted", "李明")
