"""Expert conflicts (回避): declared by the expert or recorded by an official, scoped, withdrawable."""

from __future__ import annotations

import pytest

from core.errors import DomainError, NotPermitted
from inspections import services
from inspections.models import ExpertConflict

URL = "/api/v1/expert-conflicts/"


def _plan_with(official, campaign, enterprise, expert):
    return services.inspection_plan(
        actor=official, campaign=campaign, enterprise=enterprise, kind="expert", inspectors=[expert]
    )


def test_expert_declares_own_conflict_by_credit_code_then_planning_with_them_is_refused(
    api_for, campaign, enterprise_a, official_a, outsider
):
    r = api_for(outsider).post(
        URL, {"enterprise_uscc": enterprise_a.uscc, "reason": "曾任该企业安全顾问"}, format="json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["expert"] == outsider.pk and r.json()["active"] is True
    with pytest.raises(DomainError, match="回避") as exc:
        _plan_with(official_a, campaign, enterprise_a, outsider)
    assert exc.value.field == "inspectors"


def test_official_records_a_conflict_for_an_expert_through_the_api(api_for, enterprise_a, official_a, outsider):
    r = api_for(official_a).post(
        URL, {"expert": outsider.pk, "enterprise": enterprise_a.pk, "reason": "亲属在该企业任职"}, format="json"
    )
    assert r.status_code == 201, r.content
    conflict = ExpertConflict.objects.get()
    assert conflict.declared_by == official_a and conflict.reason == "亲属在该企业任职"


def test_withdrawn_conflict_no_longer_blocks_planning_and_stays_as_history(
    api_for, campaign, enterprise_a, official_a, outsider
):
    conflict = services.expert_conflict_declare(actor=outsider, expert=outsider, enterprise=enterprise_a, reason="顾问")
    r = api_for(outsider).post(f"{URL}{conflict.pk}/withdraw/", {}, format="json")
    assert r.status_code == 200 and r.json()["active"] is False
    assert api_for(outsider).post(f"{URL}{conflict.pk}/withdraw/", {}, format="json").status_code == 409
    assert _plan_with(official_a, campaign, enterprise_a, outsider).pk
    # Declaring again after a withdrawal is allowed: only one active row per pair.
    services.expert_conflict_declare(actor=official_a, expert=outsider, enterprise=enterprise_a, reason="再次回避")
    assert ExpertConflict.objects.count() == 2 and ExpertConflict.objects.active().count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "x" * 201}, "reason"),
        ({"enterprise": None, "reason": "顾问"}, "enterprise"),
        ({"expert": None, "reason": "顾问"}, "expert"),
    ],
)
def test_bad_input_names_the_field_in_chinese_and_writes_nothing(
    api_for, enterprise_a, official_a, outsider, payload, field
):
    data = {"expert": outsider.pk, "enterprise": enterprise_a.pk, **payload}
    r = api_for(official_a).post(URL, data, format="json")
    assert r.status_code == 400, r.content
    body = r.json()
    assert body.get("field") == field or field in body, body
    assert not ExpertConflict.objects.exists()


def test_unknown_credit_code_is_refused_naming_the_field(api_for, outsider):
    r = api_for(outsider).post(URL, {"enterprise_uscc": "91450100MA5L000000", "reason": "顾问"}, format="json")
    assert r.status_code == 400 and "enterprise_uscc" in r.json()
    assert not ExpertConflict.objects.exists()


def test_duplicate_active_conflict_is_refused(enterprise_a, official_a, outsider):
    services.expert_conflict_declare(actor=outsider, expert=outsider, enterprise=enterprise_a, reason="顾问")
    with pytest.raises(DomainError, match="已登记") as exc:
        services.expert_conflict_declare(actor=official_a, expert=outsider, enterprise=enterprise_a, reason="顾问")
    assert exc.value.field == "enterprise"


def test_another_regions_official_neither_sees_nor_records_nor_withdraws(
    api_for, enterprise_a, official_a, official_b, outsider
):
    conflict = services.expert_conflict_declare(
        actor=official_a, expert=outsider, enterprise=enterprise_a, reason="顾问"
    )
    client = api_for(official_b)
    listed = client.get(URL).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows == []
    assert client.get(f"{URL}{conflict.pk}/").status_code == 404
    assert client.post(f"{URL}{conflict.pk}/withdraw/", {}, format="json").status_code == 404
    r = client.post(URL, {"expert": outsider.pk, "enterprise": enterprise_a.pk, "reason": "顾问"}, format="json")
    assert r.status_code == 400 and "enterprise" in r.json()
    with pytest.raises(DomainError, match="辖区"):
        services.expert_conflict_declare(actor=official_b, expert=outsider, enterprise=enterprise_a, reason="顾问")
    assert ExpertConflict.objects.active().count() == 1


def test_enterprise_user_gets_nothing(api_for, client, enterprise_a, enterprise_user, official_a, outsider):
    conflict = services.expert_conflict_declare(
        actor=official_a, expert=outsider, enterprise=enterprise_a, reason="顾问"
    )
    api = api_for(enterprise_user)
    listed = api.get(URL).json()
    assert (listed["results"] if isinstance(listed, dict) else listed) == []
    assert api.get(f"{URL}{conflict.pk}/").status_code == 404
    assert api.post(
        URL, {"expert": outsider.pk, "enterprise": enterprise_a.pk, "reason": "顾问"}, format="json"
    ).status_code in (400, 403)
    assert ExpertConflict.objects.count() == 1
    client.force_login(enterprise_user)
    assert client.get("/inspections/conflicts/").status_code == 404
    with pytest.raises(NotPermitted):
        services.expert_conflict_declare(actor=enterprise_user, expert=outsider, enterprise=enterprise_a, reason="顾问")


def test_leader_may_see_but_not_record(api_for, enterprise_a, leader_a, outsider):
    r = api_for(leader_a).post(
        URL, {"expert": outsider.pk, "enterprise": enterprise_a.pk, "reason": "顾问"}, format="json"
    )
    assert r.status_code == 403
    assert not ExpertConflict.objects.exists()


def test_conflicts_page_lists_declares_and_withdraws(client, enterprise_a, official_a, outsider):
    client.force_login(official_a)
    assert "专家回避" in client.get("/inspections/").content.decode()
    r = client.post("/inspections/conflicts/", {"expert": outsider.pk, "enterprise": enterprise_a.pk, "reason": ""})
    assert r.status_code == 200 and "必填" in r.content.decode()
    r = client.post(
        "/inspections/conflicts/", {"expert": outsider.pk, "enterprise": enterprise_a.pk, "reason": "曾任顾问"}
    )
    assert r.status_code == 302
    page = client.get("/inspections/conflicts/").content.decode()
    assert enterprise_a.name in page and "回避中" in page
    conflict = ExpertConflict.objects.get()
    assert client.post(f"/inspections/conflicts/{conflict.pk}/withdraw/").status_code == 302
    assert "已撤回" in client.get("/inspections/conflicts/").content.decode()


def test_expert_declares_on_the_page_by_credit_code(client, enterprise_a, outsider):
    client.force_login(outsider)
    r = client.post("/inspections/conflicts/", {"enterprise_uscc": "nonsense", "reason": "顾问"})
    assert "未找到该统一社会信用代码的企业" in r.content.decode()
    r = client.post("/inspections/conflicts/", {"enterprise_uscc": enterprise_a.uscc.lower(), "reason": "顾问"})
    assert r.status_code == 302
    assert ExpertConflict.objects.get().expert == outsider
