"""An enforcement decision that has not taken effect is the agency's internal draft: the enterprise
does not see it (page, API, export, the hazard page) until 法制审核 approves it (issue 11: a fine of
80,000 元 still 待法制审核 was open to the enterprise user)."""

from __future__ import annotations

import pytest

from enforcement import services
from enforcement.models import EnforcementAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_fine(official_a, enterprise_a, make_hazard):
    hazard = make_hazard()
    return services.enforcement_create(
        actor=official_a,
        kind="fine",
        amount=80000,
        description="未按规定设置可燃气体报警装置",
        hazard=hazard,
        doc_number="南应急罚〔2026〕8号",
    )


@pytest.fixture
def order(official_a, enterprise_a):
    """A minor action: effective at once, so the enterprise sees it."""
    import datetime

    return services.enforcement_create(
        actor=official_a,
        kind="order_rectify",
        description="责令限期整改",
        enterprise=enterprise_a,
        ends_on=datetime.date(2099, 1, 1),
    )


def test_pending_fine_is_pending_and_visible_to_the_official(pending_fine, official_a, client, api_for):
    assert pending_fine.status == "pending_review"
    client.force_login(official_a)
    assert client.get(f"/hazards/enforcement/{pending_fine.pk}/").status_code == 200
    assert api_for(official_a).get(f"/api/v1/enforcement-actions/{pending_fine.pk}/").status_code == 200


def test_enterprise_gets_404_on_the_page_of_a_fine_awaiting_legal_review(pending_fine, order, enterprise_user, client):
    client.force_login(enterprise_user)
    assert client.get(f"/hazards/enforcement/{pending_fine.pk}/").status_code == 404
    assert client.get(f"/hazards/enforcement/{order.pk}/").status_code == 200
    listing = client.get("/hazards/enforcement/").content.decode()
    assert "南应急罚〔2026〕8号" not in listing
    assert "80000" not in listing and "80,000" not in listing


def test_enterprise_api_lists_only_effective_actions_and_404s_the_pending_one(
    pending_fine, order, enterprise_user, api_for
):
    client = api_for(enterprise_user)
    ids = [row["id"] for row in client.get("/api/v1/enforcement-actions/").json()["results"]]
    assert ids == [order.pk]
    assert client.get(f"/api/v1/enforcement-actions/{pending_fine.pk}/").status_code == 404
    assert client.get(f"/api/v1/enforcement-actions/{pending_fine.pk}/history/").status_code == 404


def test_enterprise_export_leaves_the_pending_fine_out(pending_fine, order, enterprise_user, official_a):
    from reports.exports.jobs import export_queryset
    from reports.exports.kinds import ENFORCEMENT

    assert list(export_queryset(ENFORCEMENT, enterprise_user, {}).values_list("pk", flat=True)) == [order.pk]
    assert set(export_queryset(ENFORCEMENT, official_a, {}).values_list("pk", flat=True)) == {order.pk, pending_fine.pk}


def test_hazard_page_does_not_show_the_enterprise_a_pending_fine(pending_fine, enterprise_user, official_a, client):
    client.force_login(enterprise_user)
    assert (
        f"/hazards/enforcement/{pending_fine.pk}/"
        not in client.get(f"/hazards/{pending_fine.hazard_id}/").content.decode()
    )
    client.force_login(official_a)
    assert (
        f"/hazards/enforcement/{pending_fine.pk}/" in client.get(f"/hazards/{pending_fine.hazard_id}/").content.decode()
    )


def test_fine_becomes_visible_to_the_enterprise_once_approved(pending_fine, legal_a, enterprise_user, client, api_for):
    services.enforcement_review(action=pending_fine, actor=legal_a, approve=True)
    client.force_login(enterprise_user)
    assert client.get(f"/hazards/enforcement/{pending_fine.pk}/").status_code == 200
    assert api_for(enterprise_user).get(f"/api/v1/enforcement-actions/{pending_fine.pk}/").status_code == 200
    assert EnforcementAction.objects.visible_to(enterprise_user).filter(pk=pending_fine.pk).exists()


def test_fine_refused_by_legal_review_stays_hidden_from_the_enterprise(pending_fine, legal_a, enterprise_user, api_for):
    services.enforcement_review(action=pending_fine, actor=legal_a, approve=False, note="证据不足")
    assert api_for(enterprise_user).get(f"/api/v1/enforcement-actions/{pending_fine.pk}/").status_code == 404


def test_another_enterprise_sees_neither_action(pending_fine, order, enterprise_user_b, api_for):
    client = api_for(enterprise_user_b)
    assert client.get("/api/v1/enforcement-actions/").json()["count"] == 0
    assert client.get(f"/api/v1/enforcement-actions/{order.pk}/").status_code == 404
