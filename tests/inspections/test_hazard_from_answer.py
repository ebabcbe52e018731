"""A failing answer of a self-inspection becomes a hazard with clean text and its photo: the
description is the requirement (without the item number) and the inspector's note, the location
is the photo's note or the checklist area, and the photo taken on site is the hazard's 整改前 photo
(issue 11)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hazards.models import Hazard, HazardEvidence
from inspections import services
from inspections.services.answer_hazards import hazard_description, strip_numbering

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _submit(inspection, user, items, answers, photo_note=""):
    services.inspection_save_answers(actor=user, inspection=inspection, answers=answers)
    evidence = services.inspection_add_evidence(
        actor=user,
        inspection=inspection,
        upload=SimpleUploadedFile("weld.jpg", jpeg_bytes(gps=True)),
        item=items["2"],
        note=photo_note,
    )
    services.inspection_submit(actor=user, inspection=inspection)
    return evidence, {h.item_id: h for h in Hazard.objects.filter(inspection=inspection)}


def test_description_is_the_requirement_and_the_note_without_the_item_number(
    self_inspection, enterprise_user, items, full_answers
):
    _, hazards = _submit(self_inspection, enterprise_user, items, full_answers)
    assert hazards[items["2"].pk].description == "特种作业人员持证上岗：2名焊工无证"
    assert hazards[items["3"].pk].description == "危险化学品储存场所防爆电气"  # no note: the requirement alone


def test_location_is_the_photo_note_else_the_checklist_area(self_inspection, enterprise_user, items, full_answers):
    _, hazards = _submit(self_inspection, enterprise_user, items, full_answers, photo_note="二号车间焊接工位")
    assert hazards[items["2"].pk].location == "二号车间焊接工位"
    assert hazards[items["3"].pk].location == "现场管理"  # no photo: the area of the checklist
    assert all(h.location and h.location != "—" for h in hazards.values())


def test_the_self_inspection_photo_becomes_the_hazards_before_photo(
    self_inspection, enterprise_user, items, full_answers
):
    evidence, hazards = _submit(self_inspection, enterprise_user, items, full_answers)
    before = list(HazardEvidence.objects.filter(hazard=hazards[items["2"].pk]))
    assert len(before) == 1
    photo = before[0]
    assert photo.after is False and photo.submission_id is None
    assert (photo.sha256, photo.stored_path, photo.original_name) == (
        evidence.sha256,
        evidence.stored_path,
        evidence.original_name,
    )
    assert photo.gps_lat == evidence.gps_lat and photo.exif_taken_at == evidence.exif_taken_at
    assert not HazardEvidence.objects.filter(hazard=hazards[items["3"].pk]).exists()


def test_hazard_page_shows_the_before_photo_and_serves_it_only_in_scope(
    client, self_inspection, enterprise_user, enterprise_user_b, official_b, items, full_answers
):
    _, hazards = _submit(self_inspection, enterprise_user, items, full_answers)
    hazard = hazards[items["2"].pk]
    photo = HazardEvidence.objects.get(hazard=hazard)
    client.force_login(enterprise_user)
    page = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert "特种作业人员持证上岗：2名焊工无证" in page
    assert f"/hazards/evidence/{photo.pk}/" in page
    response = client.get(f"/hazards/evidence/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    for stranger in (enterprise_user_b, official_b):
        client.force_login(stranger)
        assert client.get(f"/hazards/{hazard.pk}/").status_code == 404
        assert client.get(f"/hazards/evidence/{photo.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("（三）1.重点行业领域", "重点行业领域"),
        ("一、责任落实方面", "责任落实方面"),
        ("12. 安全警示标志", "安全警示标志"),
        ("10人以上粉尘作业场所", "10人以上粉尘作业场所"),
        ("3.5米以上高处作业", "3.5米以上高处作业"),
    ],
)
def test_numbering_is_stripped_but_numbers_in_the_text_stay(raw, clean):
    assert strip_numbering(raw) == clean


def test_description_drops_the_trailing_full_stop_before_the_note():
    class Item:
        text = "2、是否及时向党政主要负责人汇报。"

    class Answer:
        note = "未汇报"

    assert hazard_description(Item, Answer) == "是否及时向党政主要负责人汇报：未汇报"
