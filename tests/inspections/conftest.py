"""Fixtures of inspection tests: a campaign over 南宁 with a small checklist."""

from __future__ import annotations

import io

import pytest
from PIL import Image


@pytest.fixture
def template(db):
    from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate

    t = ChecklistTemplate.objects.create(code="test-check", name="测试检查表")
    s1 = ChecklistSection.objects.create(template=t, order=1, title="基础管理")
    s2 = ChecklistSection.objects.create(template=t, order=2, title="现场管理")
    ChecklistItem.objects.create(template=t, section=s1, order=1, number="1", text="建立全员安全生产责任制")
    ChecklistItem.objects.create(
        template=t, section=s1, order=2, number="2", text="特种作业人员持证上岗", photo_required=True
    )
    ChecklistItem.objects.create(
        template=t, section=s2, order=1, number="3", text="危险化学品储存场所防爆电气", major_criterion=True
    )
    ChecklistItem.objects.create(template=t, section=s2, order=2, number="4", text="从业人员数", answer_kind="number")
    return t


@pytest.fixture
def campaign(db, template):
    from campaigns.models import Campaign
    from core.models import Region

    c = Campaign.objects.create(
        title="南宁市危险化学品安全专项整治", doc_number="南安委〔2026〕3号", region=Region.objects.get(code="450100")
    )
    c.checklists.add(template)
    return c


@pytest.fixture
def self_inspection(campaign, template, enterprise_a, official_a):
    from inspections.services import inspection_request_self

    (inspection,) = inspection_request_self(
        actor=official_a, campaign=campaign, template=template, deadline=None, enterprises=[enterprise_a]
    )
    return inspection


@pytest.fixture
def items(template):
    return {i.number: i for i in template.items.all()}


def jpeg_bytes(gps: bool = False, size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    if gps:
        exif[306] = "2026:05:06 10:11:12"
        exif[0x8825] = {1: "N", 2: (22.0, 48.0, 36.0), 3: "E", 4: (108.0, 21.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def full_answers(items):
    return [
        {"item": items["1"].pk, "result": "compliant"},
        {"item": items["2"].pk, "result": "non_compliant", "note": "2名焊工无证"},
        {"item": items["3"].pk, "result": "non_compliant"},
        {"item": items["4"].pk, "number_value": "120"},
    ]
