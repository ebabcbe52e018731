"""Early removal on application (信用修复), withdrawal and refresh of publications."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client

from core.audit import history_for
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from enforcement import services
from enforcement.models import Publication
from hazards import services as hazard_services

pytestmark = pytest.mark.django_db

NOTICED = datetime.date(2026, 1, 10)


@pytest.fixture
def listed_entry(official_a, enterprise_a):
    entry = services.blacklist_notify(
        actor=official_a,
        enterprise=enterprise_a,
        reason="重大隐患拒不整改",
        legal_basis="《安全生产法》",
        today=NOTICED,
    )
    services.blacklist_list(entry=entry, actor=official_a, today=entry.objection_until + datetime.timedelta(days=1))
    entry.refresh_from_db()
    return entry


def _eligible(entry) -> datetime.date:
    return entry.listed_on + datetime.timedelta(days=settings.BLACKLIST_MIN_DAYS_BEFORE_REMOVAL)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- early removal on application ---------------------------------------------------------------


def test_enterprise_applies_and_agency_approval_records_the_applications_credit_repair(
    listed_entry, enterprise_user, official_a, enterprise_a
):
    day = _eligible(listed_entry)
    application = services.blacklist_apply_removal(
        entry=listed_entry, actor=enterprise_user, credit_repair="已完成整改，公开信用承诺并接受复查", today=day
    )
    assert application.status == "pending"
    services.blacklist_remove_early(entry=listed_entry, actor=official_a, credit_repair="", today=day)
    listed_entry.refresh_from_db()
    application.refresh_from_db()
    enterprise_a.refresh_from_db()
    assert listed_entry.status == "removed" and listed_entry.ended_on == day
    assert listed_entry.credit_repair == "已完成整改，公开信用承诺并接受复查"
    assert application.status == "approved" and application.decided_by == official_a
    assert not enterprise_a.blacklisted
    assert [h.action for h in history_for(listed_entry)][-2:] == ["apply_removal", "remove_early"]


def test_application_before_the_minimum_period_is_refused(listed_entry, enterprise_user):
    with pytest.raises(DomainError, match="最短期限"):
        services.blacklist_apply_removal(
            entry=listed_entry,
            actor=enterprise_user,
            credit_repair="已整改",
            today=_eligible(listed_entry) - datetime.timedelta(days=1),
        )
    assert not listed_entry.removal_applications.exists()


def test_application_without_credit_repair_text_is_refused(listed_entry, enterprise_user):
    with pytest.raises(DomainError, match="信用修复"):
        services.blacklist_apply_removal(
            entry=listed_entry, actor=enterprise_user, credit_repair="   ", today=_eligible(listed_entry)
        )


def test_only_one_pending_application_at_a_time_and_refusal_allows_a_new_one(listed_entry, enterprise_user, official_a):
    day = _eligible(listed_entry)
    services.blacklist_apply_removal(entry=listed_entry, actor=enterprise_user, credit_repair="第一次申请", today=day)
    with pytest.raises(DomainError, match="待审核"):
        services.blacklist_apply_removal(entry=listed_entry, actor=enterprise_user, credit_repair="再次申请", today=day)
    with pytest.raises(DomainError, match="理由"):
        services.blacklist_refuse_removal(entry=listed_entry, actor=official_a, reason="")
    refused = services.blacklist_refuse_removal(entry=listed_entry, actor=official_a, reason="整改材料不全")
    assert refused.status == "refused" and refused.refusal_reason == "整改材料不全"
    listed_entry.refresh_from_db()
    assert listed_entry.status == "listed"
    with pytest.raises(TransitionNotAllowed):
        services.blacklist_refuse_removal(entry=listed_entry, actor=official_a, reason="无申请")
    services.blacklist_apply_removal(entry=listed_entry, actor=enterprise_user, credit_repair="补充材料", today=day)
    assert [h.action for h in history_for(listed_entry)][-3:] == ["apply_removal", "refuse_removal", "apply_removal"]


def test_official_cannot_apply_and_enterprise_cannot_refuse(listed_entry, official_a, enterprise_user):
    day = _eligible(listed_entry)
    with pytest.raises(NotPermitted):
        services.blacklist_apply_removal(entry=listed_entry, actor=official_a, credit_repair="代为申请", today=day)
    services.blacklist_apply_removal(entry=listed_entry, actor=enterprise_user, credit_repair="已整改", today=day)
    with pytest.raises(NotPermitted):
        services.blacklist_refuse_removal(entry=listed_entry, actor=enterprise_user, reason="自己拒绝")


def test_another_enterprise_gets_404_on_apply_removal(listed_entry, enterprise_user_b, api_for):
    response = api_for(enterprise_user_b).post(
        f"/api/v1/blacklist/{listed_entry.pk}/apply-removal/", {"credit_repair": "x"}, format="json"
    )
    assert response.status_code == 404


def test_official_applying_through_the_api_gets_403(listed_entry, official_a, api_for):
    response = api_for(official_a).post(
        f"/api/v1/blacklist/{listed_entry.pk}/apply-removal/", {"credit_repair": "x"}, format="json"
    )
    assert response.status_code == 403


def test_apply_and_refuse_through_the_api(listed_entry, enterprise_user, official_a, official_b, api_for):
    # The API works on today's date: move the listing back past the minimum period.
    listed_entry.listed_on = datetime.date.today() - datetime.timedelta(days=settings.BLACKLIST_MIN_DAYS_BEFORE_REMOVAL)
    listed_entry.save(update_fields=["listed_on"])
    url = f"/api/v1/blacklist/{listed_entry.pk}/"
    too_empty = api_for(enterprise_user).post(url + "apply-removal/", {"credit_repair": ""}, format="json")
    assert too_empty.status_code == 400
    applied = api_for(enterprise_user).post(url + "apply-removal/", {"credit_repair": "已整改"}, format="json")
    assert applied.status_code == 200
    assert applied.json()["removal_application"]["status"] == "pending"
    assert api_for(official_b).post(url + "refuse-removal/", {"reason": "x"}, format="json").status_code == 404
    refused = api_for(official_a).post(url + "refuse-removal/", {"reason": "材料不全"}, format="json")
    assert refused.status_code == 200
    assert refused.json()["removal_application"]["refusal_reason"] == "材料不全"
    assert refused.json()["status"] == "listed"


def test_blacklist_page_shows_the_application_and_the_buttons(listed_entry, enterprise_user, official_a):
    listed_entry.listed_on = datetime.date.today() - datetime.timedelta(days=settings.BLACKLIST_MIN_DAYS_BEFORE_REMOVAL)
    listed_entry.save(update_fields=["listed_on"])
    enterprise = _client(enterprise_user)
    assert "申请提前移出" in enterprise.get("/hazards/blacklist/").content.decode()
    enterprise.post(
        "/hazards/blacklist/",
        {"entry": listed_entry.pk, "op": "apply_removal", "credit_repair": "已完成整改并公开承诺"},
    )
    page = enterprise.get("/hazards/blacklist/").content.decode()
    assert "已完成整改并公开承诺" in page and "待审核" in page
    official = _client(official_a)
    page = official.get("/hazards/blacklist/").content.decode()
    assert "同意提前移出" in page and "不予移出" in page
    official.post("/hazards/blacklist/", {"entry": listed_entry.pk, "op": "remove"})
    listed_entry.refresh_from_db()
    assert listed_entry.status == "removed" and listed_entry.credit_repair == "已完成整改并公开承诺"


def test_applying_too_early_on_the_page_shows_when_it_becomes_possible(listed_entry, enterprise_user):
    page = _client(enterprise_user).get("/hazards/blacklist/").content.decode()
    assert "起可申请提前移出" in page and 'value="apply_removal"' not in page


# --- publicity: withdrawal and refresh --------------------------------------------------------


@pytest.fixture
def published_hazard(official_a, make_hazard, major_plan):
    hazard = make_hazard(status="awaiting_acceptance", level="major", description="液氨储罐区重大隐患", **major_plan)
    hazard_services.hazard_list_for_supervision(
        hazard=hazard,
        actor=official_a,
        level="city",
        doc_number="南安委督〔2026〕5号",
        listed_on=datetime.date(2026, 11, 1),
    )
    hazard.refresh_from_db()
    return hazard, services.publication_publish(actor=official_a, hazard=hazard)


def test_publishing_agency_withdraws_and_the_public_page_stops_showing_it(client, published_hazard, official_a2):
    _, publication = published_hazard
    assert "液氨储罐区重大隐患" in client.get("/public/disclosure/").content.decode()
    with pytest.raises(DomainError, match="理由"):
        services.publication_withdraw(actor=official_a2, publication=publication, reason=" ")
    services.publication_withdraw(actor=official_a2, publication=publication, reason="信息有误，核实后重新发布")
    publication.refresh_from_db()
    assert publication.withdrawn and publication.withdrawn_by == official_a2
    assert "液氨储罐区重大隐患" not in client.get("/public/disclosure/").content.decode()
    assert [h.action for h in history_for(publication)] == ["publish", "withdraw"]
    with pytest.raises(TransitionNotAllowed):
        services.publication_withdraw(actor=official_a2, publication=publication, reason="再次撤回")


def test_only_officials_of_the_publishing_agency_may_withdraw(published_hazard, official_b, legal_a, enterprise_user):
    _, publication = published_hazard
    for actor in (official_b, legal_a, enterprise_user):
        with pytest.raises(NotPermitted):
            services.publication_withdraw(actor=actor, publication=publication, reason="x")
    publication.refresh_from_db()
    assert not publication.withdrawn


def test_withdrawal_through_the_agency_page(client, published_hazard, official_a, official_b):
    _, publication = published_hazard
    assert (
        _client(official_b).post("/hazards/publications/", {"publication": publication.pk, "reason": "x"}).status_code
        == 404
    )
    page = _client(official_a).get("/hazards/publications/").content.decode()
    assert "液氨储罐区重大隐患" in page and "撤回" in page
    _client(official_a).post("/hazards/publications/", {"publication": publication.pk, "reason": "已整改完毕"})
    assert Publication.objects.get(pk=publication.pk).withdrawn
    assert "液氨储罐区重大隐患" not in client.get("/public/disclosure/").content.decode()


def test_closing_a_published_hazard_refreshes_the_public_snapshot(client, published_hazard, official_a):
    hazard, publication = published_hazard
    assert "状态：待验收" in publication.summary
    hazard_services.hazard_accept(hazard=hazard, actor=official_a, note="验收合格")
    publication.refresh_from_db()
    assert "状态：已销号" in publication.summary
    assert "已销号" in client.get("/public/disclosure/").content.decode()
    assert [h.action for h in history_for(publication)] == ["publish", "refresh"]
