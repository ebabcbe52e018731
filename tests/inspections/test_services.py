from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from hazards.models import Hazard
from inspections import services
from inspections.choices import InspectionStatus
from inspections.models import Inspection

from .conftest import jpeg_bytes


def _photo(inspection, user, item):
    return services.inspection_add_evidence(
        actor=user, inspection=inspection, upload=SimpleUploadedFile("p.jpg", jpeg_bytes()), item=item
    )


def test_draft_answers_are_saved_and_resumed(self_inspection, enterprise_user, items):
    services.inspection_save_answers(
        actor=enterprise_user,
        inspection=self_inspection,
        answers=[{"item": items["1"].pk, "result": "compliant", "note": "已公示"}],
    )
    fresh = Inspection.objects.get(pk=self_inspection.pk)
    assert fresh.status == InspectionStatus.IN_PROGRESS
    answer = fresh.answers.get()
    assert (answer.result, answer.note) == ("compliant", "已公示")
    services.inspection_save_answers(
        actor=enterprise_user, inspection=fresh, answers=[{"item": items["1"].pk, "result": "non_compliant"}]
    )
    assert fresh.answers.get().result == "non_compliant"


def test_another_enterprise_user_cannot_fill(self_inspection, enterprise_user_b, items):
    with pytest.raises(NotPermitted):
        services.inspection_save_answers(actor=enterprise_user_b, inspection=self_inspection, answers=[])


def test_incomplete_submit_is_refused_with_the_missing_items(self_inspection, enterprise_user, items):
    services.inspection_save_answers(
        actor=enterprise_user, inspection=self_inspection, answers=[{"item": items["1"].pk, "result": "compliant"}]
    )
    with pytest.raises(DomainError) as exc:
        services.inspection_submit(actor=enterprise_user, inspection=self_inspection)
    assert set(exc.value.extra["missing_items"]) == {items["2"].pk, items["3"].pk, items["4"].pk}
    assert Inspection.objects.get(pk=self_inspection.pk).status == InspectionStatus.IN_PROGRESS
    assert not Hazard.objects.exists()


def test_photo_required_item_needs_a_photo(self_inspection, enterprise_user, items, full_answers):
    services.inspection_save_answers(actor=enterprise_user, inspection=self_inspection, answers=full_answers)
    with pytest.raises(DomainError) as exc:
        services.inspection_submit(actor=enterprise_user, inspection=self_inspection)
    assert exc.value.extra["missing_items"] == [items["2"].pk]


def test_failing_items_become_hazards_of_the_implied_level_exactly_once(
    self_inspection, enterprise_user, items, full_answers
):
    services.inspection_save_answers(actor=enterprise_user, inspection=self_inspection, answers=full_answers)
    _photo(self_inspection, enterprise_user, items["2"])
    done = services.inspection_submit(actor=enterprise_user, inspection=self_inspection)
    assert done.status == InspectionStatus.SUBMITTED
    hazards = {h.item_id: h for h in Hazard.objects.filter(inspection=self_inspection)}
    assert set(hazards) == {items["2"].pk, items["3"].pk}
    assert hazards[items["3"].pk].level == "major"  # 重大事故隐患判定标准条目
    assert hazards[items["2"].pk].level == "general"
    assert all(h.status == "reported" and h.source == "inspection" for h in hazards.values())
    with pytest.raises(TransitionNotAllowed):
        services.inspection_submit(actor=enterprise_user, inspection=done)
    assert Hazard.objects.filter(inspection=self_inspection).count() == 2


def test_submitted_self_inspection_is_read_only(self_inspection, enterprise_user, items, full_answers):
    services.inspection_save_answers(actor=enterprise_user, inspection=self_inspection, answers=full_answers)
    _photo(self_inspection, enterprise_user, items["2"])
    services.inspection_submit(actor=enterprise_user, inspection=self_inspection)
    with pytest.raises(TransitionNotAllowed):
        services.inspection_save_answers(actor=enterprise_user, inspection=self_inspection, answers=full_answers)


def test_enforcement_needs_two_certified_inspectors(campaign, enterprise_a, official_a, official_a2, leader_a):
    with pytest.raises(DomainError) as exc:
        services.inspection_plan(
            actor=official_a,
            campaign=campaign,
            enterprise=enterprise_a,
            kind="enforcement",
            inspectors=[official_a, leader_a],
        )
    assert "覃国华" in exc.value.message
    ok = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        inspectors=[official_a, official_a2],
    )
    assert ok.status == "planned" and ok.doc_number


def test_expired_certificate_does_not_count(campaign, enterprise_a, official_a, official_a2):
    official_a2.cert_valid_until = date(2020, 1, 1)
    official_a2.save()
    with pytest.raises(DomainError, match="陆建明"):
        services.inspection_plan(
            actor=official_a,
            campaign=campaign,
            enterprise=enterprise_a,
            kind="enforcement",
            inspectors=[official_a, official_a2],
        )


def test_conflicted_expert_may_not_inspect(campaign, enterprise_a, official_a, outsider):
    services.expert_conflict_declare(
        actor=official_a, expert=outsider, enterprise=enterprise_a, reason="曾任该企业顾问"
    )
    with pytest.raises(DomainError, match="回避"):
        services.inspection_plan(
            actor=official_a, campaign=campaign, enterprise=enterprise_a, kind="expert", inspectors=[outsider]
        )


def test_enterprise_outside_jurisdiction_cannot_be_planned(campaign, enterprise_b, official_a, official_a2):
    with pytest.raises(DomainError):
        services.inspection_plan(
            actor=official_a,
            campaign=campaign,
            enterprise=enterprise_b,
            kind="enforcement",
            inspectors=[official_a, official_a2],
        )


def test_repeat_visit_by_another_agency_warns(campaign, enterprise_a, official_a, official_a2):
    from core.models import Region
    from tests.factories import AgencyFactory, UserFactory

    county = AgencyFactory(name="兴宁区应急管理局", region=Region.objects.get(code="450102"))
    county_official = UserFactory(agency=county, role="inspector", cert_number="X1", cert_valid_until=date(2099, 1, 1))
    county_official2 = UserFactory(agency=county, role="inspector", cert_number="X2", cert_valid_until=date(2099, 1, 1))
    first = services.inspection_plan(
        actor=county_official,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        inspectors=[county_official, county_official2],
    )
    assert first.warnings == []
    second = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        inspectors=[official_a, official_a2],
    )
    assert [w.pk for w in second.warnings] == [first.pk]


def test_unannounced_inspection_is_hidden_from_the_enterprise_until_started(
    campaign, enterprise_a, official_a, official_a2, enterprise_user
):
    inspection = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        method="unannounced",
        inspectors=[official_a, official_a2],
    )
    assert not Inspection.objects.visible_to(enterprise_user).filter(pk=inspection.pk).exists()
    services.inspection_start(actor=official_a, inspection=inspection)
    assert Inspection.objects.visible_to(enterprise_user).filter(pk=inspection.pk).exists()


def test_planned_official_inspection_is_hidden_from_the_enterprise_but_its_self_inspection_is_not(
    campaign, enterprise_a, official_a, official_a2, enterprise_user
):
    planned = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        inspectors=[official_a, official_a2],
    )
    visible = Inspection.objects.visible_to(enterprise_user)
    assert not visible.filter(pk=planned.pk).exists()
    services.inspection_start(actor=official_a, inspection=planned)
    assert visible.filter(pk=planned.pk).exists()


def test_official_inspection_with_finding_and_review(
    campaign, enterprise_a, official_a, official_a2, leader_a, full_answers, items
):
    inspection = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="enforcement",
        inspectors=[official_a, official_a2],
        planned_start=date(2026, 5, 6),
        planned_end=date(2026, 5, 8),
    )
    services.inspection_start(actor=official_a, inspection=inspection)
    services.inspection_save_answers(actor=official_a, inspection=inspection, answers=full_answers)
    _photo(inspection, official_a, items["2"])
    services.finding_add(actor=official_a2, inspection=inspection, description="消防通道堆放杂物", location="二号仓库")
    services.person_met_add(actor=official_a, inspection=inspection, name="周安全", post="安全部经理")
    with pytest.raises(DomainError, match="结论"):
        services.inspection_submit(actor=official_a, inspection=inspection)
    services.inspection_submit(actor=official_a, inspection=inspection, conclusion="存在隐患，责令限期整改。")
    assert Hazard.objects.filter(inspection=inspection, source="finding").count() == 1
    with pytest.raises(NotPermitted):
        services.inspection_review(actor=official_a, inspection=inspection)
    reviewed = services.inspection_review(actor=leader_a, inspection=inspection, note="同意")
    assert reviewed.status == "reviewed"


def test_patrol_must_span_three_to_five_days(campaign, enterprise_a, official_a):
    with pytest.raises(DomainError, match="3–5"):
        services.inspection_plan(
            actor=official_a,
            campaign=campaign,
            enterprise=enterprise_a,
            kind="patrol",
            inspectors=[official_a],
            planned_start=date(2026, 5, 6),
            planned_end=date(2026, 5, 6),
        )
    ok = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="patrol",
        inspectors=[official_a],
        planned_start=date(2026, 5, 6),
        planned_end=date(2026, 5, 9),
    )
    assert ok.pk


def test_look_back_shows_earlier_hazards_and_unrectified_ones_become_findings(
    self_inspection, enterprise_user, items, full_answers, official_a
):
    services.inspection_save_answers(actor=enterprise_user, inspection=self_inspection, answers=full_answers)
    _photo(self_inspection, enterprise_user, items["2"])
    services.inspection_submit(actor=enterprise_user, inspection=self_inspection)
    look_back = services.inspection_create_look_back(
        actor=official_a, previous=self_inspection, inspectors=[official_a]
    )
    checks = list(look_back.look_back_checks.all())
    assert len(checks) == 2 and all(c.status_at_creation == "reported" for c in checks)
    services.look_back_confirm(actor=official_a, check=checks[0], rectified=True)
    with pytest.raises(DomainError):
        services.inspection_submit(actor=official_a, inspection=look_back, conclusion="回头看")
    services.look_back_confirm(actor=official_a, check=checks[1], rectified=False, note="防爆灯仍未更换")
    services.inspection_submit(actor=official_a, inspection=look_back, conclusion="1项未整改")
    new = Hazard.objects.get(inspection=look_back)
    assert new.level == "major" and new.inspection_finding.look_back_check == checks[1]


def test_interview_records_interviewee(campaign, enterprise_a, official_a):
    inspection = services.inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="interview",
        inspectors=[official_a],
        interviewee_name="李总",
        interviewee_post="总经理",
    )
    assert inspection.interviewee_name == "李总"


def test_inspectors_from_another_region_or_enterprise_are_refused(
    campaign, enterprise_a, official_a, official_b, enterprise_user
):
    for stranger in (official_b, enterprise_user):
        with pytest.raises(DomainError, match="不是本辖区的检查人员"):
            services.inspection_plan(
                actor=official_a,
                campaign=campaign,
                enterprise=enterprise_a,
                kind="patrol",
                inspectors=[official_a, stranger],
            )
