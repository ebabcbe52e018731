"""Enforcement with legal review, the blacklist workflow and publicity."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from core.audit import history_for
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from enforcement import services
from hazards import services as hazard_services

pytestmark = pytest.mark.django_db


def test_unreviewed_major_action_has_no_effect(official_a, enterprise_a):
    action = services.enforcement_create(
        actor=official_a,
        kind="suspension",
        description="停产整顿",
        enterprise=enterprise_a,
        ends_on=datetime.date(2099, 1, 1),
    )
    assert action.major and action.status == "pending_review" and not action.effective


def test_small_fine_is_effective_at_once_large_fine_is_major(official_a, enterprise_a):
    small = services.enforcement_create(
        actor=official_a, kind="fine", amount=50000, description="罚款", enterprise=enterprise_a
    )
    large = services.enforcement_create(
        actor=official_a, kind="fine", amount=50001, description="罚款", enterprise=enterprise_a
    )
    assert small.effective and not small.major
    assert large.major and not large.effective


def test_fine_without_amount_is_refused(official_a, enterprise_a):
    with pytest.raises(DomainError, match="金额"):
        services.enforcement_create(actor=official_a, kind="fine", description="罚款", enterprise=enterprise_a)


def test_legal_reviewer_of_same_agency_approves(official_a, legal_a, enterprise_a):
    action = services.enforcement_create(actor=official_a, kind="closure", description="关闭", enterprise=enterprise_a)
    services.enforcement_review(action=action, actor=legal_a, approve=True, note="合法")
    action.refresh_from_db()
    assert action.effective and action.reviewed_by == legal_a


def test_author_cannot_review_own_action(legal_a, enterprise_a):
    legal_a.role = "legal"
    action = (
        services.enforcement_create(actor=legal_a, kind="closure", description="关闭", enterprise=enterprise_a)
        if False
        else None
    )
    # a legal reviewer who authored an action (possible after a role change) still may not review it
    from enforcement.models import EnforcementAction

    action = EnforcementAction.objects.create(
        agency=legal_a.agency,
        enterprise=enterprise_a,
        kind="closure",
        description="关闭",
        major=True,
        status="pending_review",
        author=legal_a,
    )
    with pytest.raises(NotPermitted, match="承办人"):
        services.enforcement_review(action=action, actor=legal_a, approve=True)
    action.refresh_from_db()
    assert not action.effective


def test_non_legal_or_other_agency_cannot_review(official_a, official_a2, official_b, enterprise_a):
    action = services.enforcement_create(
        actor=official_a, kind="revocation", description="吊销", enterprise=enterprise_a
    )
    for actor in (official_a2, official_b):
        with pytest.raises(NotPermitted):
            services.enforcement_review(action=action, actor=actor, approve=True)


def test_refusal_needs_a_reason_and_leaves_no_effect(official_a, legal_a, enterprise_a):
    action = services.enforcement_create(actor=official_a, kind="closure", description="关闭", enterprise=enterprise_a)
    with pytest.raises(DomainError, match="理由"):
        services.enforcement_review(action=action, actor=legal_a, approve=False)
    services.enforcement_review(action=action, actor=legal_a, approve=False, note="证据不足")
    action.refresh_from_db()
    assert action.status == "refused" and not action.effective
    with pytest.raises(TransitionNotAllowed):
        services.enforcement_review(action=action, actor=legal_a, approve=True)


def test_review_through_api(api_for, official_a, legal_a, enterprise_a):
    r = api_for(official_a).post(
        "/api/v1/enforcement-actions/",
        {"kind": "fine", "amount": "80000", "description": "超量储存", "enterprise": enterprise_a.pk},
        format="json",
    )
    assert r.status_code == 201 and r.json()["effective"] is False
    pk = r.json()["id"]
    assert (
        api_for(official_a)
        .post(f"/api/v1/enforcement-actions/{pk}/review/", {"approve": True}, format="json")
        .status_code
        == 403
    )
    r = api_for(legal_a).post(
        f"/api/v1/enforcement-actions/{pk}/review/", {"approve": True, "note": "同意"}, format="json"
    )
    assert r.status_code == 200 and r.json()["effective"] is True


def test_blacklist_workflow_notice_listing_removal(official_a, enterprise_a):
    today = datetime.date(2026, 1, 10)
    entry = services.blacklist_notify(
        actor=official_a, enterprise=enterprise_a, reason="重大隐患拒不整改", legal_basis="《安全生产法》", today=today
    )
    with pytest.raises(DomainError, match="陈述申辩期"):
        services.blacklist_list(entry=entry, actor=official_a, today=today + datetime.timedelta(days=1))
    listed_day = entry.objection_until + datetime.timedelta(days=1)
    services.blacklist_list(entry=entry, actor=official_a, today=listed_day)
    enterprise_a.refresh_from_db()
    assert enterprise_a.blacklisted
    entry.refresh_from_db()
    assert entry.term_until == listed_day + datetime.timedelta(days=settings.BLACKLIST_TERM_DAYS)
    with pytest.raises(DomainError, match="最短期限"):
        services.blacklist_remove_early(
            entry=entry, actor=official_a, credit_repair="已整改", today=listed_day + datetime.timedelta(days=30)
        )
    services.blacklist_remove_early(
        entry=entry,
        actor=official_a,
        credit_repair="完成整改并公开承诺",
        today=listed_day + datetime.timedelta(days=365),
    )
    enterprise_a.refresh_from_db()
    assert not enterprise_a.blacklisted


def test_blacklist_expires_at_term_end(official_a, enterprise_a):
    from enforcement.tasks import expire_blacklist

    entry = services.blacklist_notify(
        actor=official_a, enterprise=enterprise_a, reason="r", legal_basis="b", today=datetime.date(2026, 1, 1)
    )
    services.blacklist_list(entry=entry, actor=official_a, today=datetime.date(2026, 2, 1))
    entry.refresh_from_db()
    assert expire_blacklist.delay((entry.term_until - datetime.timedelta(days=1)).isoformat()).get() == 0
    assert expire_blacklist.delay(entry.term_until.isoformat()).get() == 1
    entry.refresh_from_db()
    enterprise_a.refresh_from_db()
    assert entry.status == "expired" and not enterprise_a.blacklisted


def test_blacklisted_enterprise_is_flagged_in_hazard_api(api_for, official_a, enterprise_a, make_hazard):
    make_hazard()
    entry = services.blacklist_notify(
        actor=official_a, enterprise=enterprise_a, reason="r", legal_basis="b", today=datetime.date(2026, 1, 1)
    )
    services.blacklist_list(entry=entry, actor=official_a, today=datetime.date(2026, 2, 1))
    assert api_for(official_a).get("/api/v1/hazards/").json()["results"][0]["enterprise_blacklisted"] is True


def test_disclosure_page_shows_only_published_entries(
    client, official_a, legal_a, enterprise_a, make_hazard, major_plan
):
    listed = make_hazard(level="major", description="液氨储罐区重大隐患", **major_plan)
    hazard_services.hazard_list_for_supervision(
        hazard=listed,
        actor=official_a,
        level="city",
        doc_number="南安委督〔2026〕5号",
        listed_on=datetime.date(2026, 11, 1),
    )
    listed.refresh_from_db()
    make_hazard(level="major", description="未公开的重大隐患", **major_plan)
    with pytest.raises(DomainError):
        services.publication_publish(actor=official_a, hazard=make_hazard(level="major", description="未挂牌"))
    services.publication_publish(actor=official_a, hazard=listed)
    closure = services.enforcement_create(
        actor=official_a, kind="closure", description="非法生产", enterprise=enterprise_a
    )
    with pytest.raises(DomainError, match="已生效"):
        services.publication_publish(actor=official_a, enforcement_action=closure)
    services.enforcement_review(action=closure, actor=legal_a, approve=True, note="同意")
    closure.refresh_from_db()
    services.publication_publish(actor=official_a, enforcement_action=closure)
    page = client.get("/public/disclosure/").content.decode()
    assert "液氨储罐区重大隐患" in page and "非法生产" in page
    assert "未公开的重大隐患" not in page and "未挂牌" not in page


def _notice(official, enterprise, today):
    return services.blacklist_notify(
        actor=official, enterprise=enterprise, reason="重大隐患拒不整改", legal_basis="《安全生产法》", today=today
    )


def test_enterprise_objects_to_the_notice_within_the_period_once(official_a, enterprise_a, enterprise_user):
    from core.audit import history_for

    today = datetime.date(2026, 3, 1)
    entry = _notice(official_a, enterprise_a, today)
    services.blacklist_object(
        entry=entry, actor=enterprise_user, statement="隐患已于2月底整改完毕，附验收记录。", today=today
    )
    entry.refresh_from_db()
    assert entry.objection.startswith("隐患已于2月底整改完毕") and entry.objected_at is not None
    assert [h.action for h in history_for(entry)] == ["notify", "object"]
    with pytest.raises(DomainError, match="不能重复"):
        services.blacklist_object(entry=entry, actor=enterprise_user, statement="再次申辩", today=today)
    services.blacklist_withdraw(entry=entry, actor=official_a, reason="申辩成立")
    enterprise_a.refresh_from_db()
    assert not enterprise_a.blacklisted


def test_objection_after_the_period_or_empty_is_refused(official_a, enterprise_a, enterprise_user):
    today = datetime.date(2026, 3, 1)
    entry = _notice(official_a, enterprise_a, today)
    with pytest.raises(DomainError, match="内容"):
        services.blacklist_object(entry=entry, actor=enterprise_user, statement="  ", today=today)
    late = entry.objection_until + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="届满"):
        services.blacklist_object(entry=entry, actor=enterprise_user, statement="迟到的申辩", today=late)
    entry.refresh_from_db()
    assert entry.objection == ""


def test_only_the_noticed_enterprise_may_object(official_a, enterprise_a, enterprise_user_b, api_for):
    entry = _notice(official_a, enterprise_a, datetime.date.today())
    with pytest.raises(NotPermitted):
        services.blacklist_object(entry=entry, actor=official_a, statement="代为申辩")
    response = api_for(enterprise_user_b).post(
        f"/api/v1/blacklist/{entry.pk}/object/", {"statement": "x"}, format="json"
    )
    assert response.status_code == 404


def test_enterprise_objects_through_the_api_and_the_page(official_a, enterprise_a, enterprise_user, api_for):
    from django.test import Client

    entry = _notice(official_a, enterprise_a, datetime.date.today())
    client = Client()
    client.force_login(enterprise_user)
    page = client.get("/hazards/blacklist/").content.decode()
    assert "提交陈述申辩" in page
    response = api_for(enterprise_user).post(
        f"/api/v1/blacklist/{entry.pk}/object/", {"statement": "已整改"}, format="json"
    )
    assert response.status_code == 200 and response.json()["objection"] == "已整改"
    assert "已整改" in client.get("/hazards/blacklist/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_blacklist_expiry_published_four_times_at_once_expires_the_entry_once(
    celery_parallel_worker, official_a, enterprise_a
):
    """Four copies of the daily job, two at a time in two worker processes, read the listed entries
    together: the entry leaves the list once, with one audit entry (the row lock decides)."""
    from enforcement.models import BlacklistEntry
    from enforcement.tasks import expire_blacklist
    from tests.utils import publish_at_once

    entry = services.blacklist_notify(
        actor=official_a, enterprise=enterprise_a, reason="r", legal_basis="b", today=datetime.date(2026, 1, 1)
    )
    services.blacklist_list(entry=entry, actor=official_a, today=datetime.date(2026, 2, 1))
    entry.refresh_from_db()
    counts = publish_at_once(expire_blacklist, entry.term_until.isoformat(), n=4, gate=BlacklistEntry)
    assert sorted(counts) == [0, 0, 0, 1]
    entry.refresh_from_db()
    assert entry.status == "expired"
    assert [e.action for e in history_for(entry) if e.action == "expire"] == ["expire"]


def test_a_superuser_without_an_agency_cannot_issue_a_blacklist_notice(enterprise_a, api_for):
    """It used to fail in the database (the entry's agency is required) and answer 500."""
    from accounts.models import User

    root = User.objects.create_superuser("root2", password="x", kind="official")
    response = api_for(root).post(
        "/api/v1/blacklist/",
        {"enterprise": enterprise_a.pk, "reason": "拒不整改重大隐患", "legal_basis": "《安全生产法》"},
        format="json",
    )
    assert response.status_code == 403, response.content
    assert "部门" in response.json()["detail"]
