"""The lifecycle: every action from every state for every role (table-driven), and the major rules."""

from __future__ import annotations

import datetime

import pytest

from core.audit import history_for
from core.errors import DomainError, NotPermitted, TransitionNotAllowed
from hazards import services
from hazards.models import Hazard
from tests.hazards.conftest import photo

STATES = ["reported", "rectifying", "awaiting_acceptance", "closed"]
PERSONAS = ["enterprise_user", "official_a", "leader_a", "legal_a", "enterprise_user_b", "official_b", "outsider"]
NO_RIGHTS = {"legal_a", "enterprise_user_b", "official_b", "outsider"}


def _call(action: str, hazard: Hazard, actor):
    if action == "assign":
        return services.hazard_assign(
            hazard=hazard,
            actor=actor,
            responsible_person="张三",
            measures="更换报警器",
            deadline=datetime.date(2099, 1, 1),
            executor="李四",
            acceptor="王五",
        )
    if action == "submit_rectification":
        return services.hazard_submit_rectification(hazard=hazard, actor=actor, description="已更换", photos=[photo()])
    if action == "rectify_immediately":
        return services.hazard_rectify_immediately(hazard=hazard, actor=actor, description="当场整改", photos=[photo()])
    if action == "accept":
        return services.hazard_accept(hazard=hazard, actor=actor, note="验收合格")
    if action == "reject":
        return services.hazard_reject(hazard=hazard, actor=actor, reason="照片不清楚")
    if action == "list_for_supervision":
        return services.hazard_list_for_supervision(
            hazard=hazard,
            actor=actor,
            level="city",
            doc_number="南应急督〔2026〕1号",
            listed_on=datetime.date(2026, 11, 1),
        )
    raise AssertionError(action)


# (action, from-state) → (target state, personas allowed) for a GENERAL hazard
GENERAL = {
    ("assign", "reported"): ("rectifying", {"enterprise_user", "official_a", "leader_a"}),
    ("submit_rectification", "rectifying"): ("awaiting_acceptance", {"enterprise_user"}),
    ("rectify_immediately", "reported"): ("awaiting_acceptance", {"enterprise_user", "official_a", "leader_a"}),
    ("accept", "awaiting_acceptance"): ("closed", {"enterprise_user", "official_a", "leader_a"}),
    ("reject", "awaiting_acceptance"): ("rectifying", {"enterprise_user", "official_a", "leader_a"}),
}
# for a MAJOR hazard (五到位 and 双报告 recorded)
MAJOR = {
    ("assign", "reported"): ("rectifying", {"enterprise_user", "official_a", "leader_a"}),
    ("submit_rectification", "rectifying"): ("awaiting_acceptance", {"enterprise_user"}),
    ("rectify_immediately", "reported"): ("awaiting_acceptance", set()),
    ("accept", "awaiting_acceptance"): ("closed", {"official_a", "leader_a"}),
    ("reject", "awaiting_acceptance"): ("rectifying", {"official_a", "leader_a"}),
    **{("list_for_supervision", s): (s, {"official_a", "leader_a"}) for s in STATES[:3]},
}
ACTIONS = ["assign", "submit_rectification", "rectify_immediately", "accept", "reject"]


def _cases(table, actions):
    for action in actions:
        for state in STATES:
            target, allowed = table.get((action, state), (None, set()))
            for persona in PERSONAS:
                if persona in NO_RIGHTS:
                    expect = "403"
                elif target is None:
                    expect = "409"
                elif persona in allowed:
                    expect = target
                else:
                    expect = "403"
                yield pytest.param(action, state, persona, expect, id=f"{action}-{state}-{persona}-{expect}")


def _run(request, make_hazard, level, action, state, persona, expect, major_plan=None):
    for name in ("official_a", "enterprise_user"):  # persons referenced by the hazard's scope
        request.getfixturevalue(name)
    actor = request.getfixturevalue(persona)
    extra = major_plan or {}
    hazard = make_hazard(status=state, level=level, **extra)
    before = history_for(hazard).count()
    if expect == "403":
        with pytest.raises(NotPermitted):
            _call(action, hazard, actor)
    elif expect == "409":
        with pytest.raises(TransitionNotAllowed) as exc:
            _call(action, hazard, actor)
        assert "allowed" in exc.value.extra
    else:
        _call(action, hazard, actor)
        hazard.refresh_from_db()
        assert hazard.status == expect
        entries = list(history_for(hazard))
        assert len(entries) == before + 1
        assert entries[-1].action == action and entries[-1].from_state == state and entries[-1].to_state == expect
        return
    hazard.refresh_from_db()
    assert hazard.status == state, "a refused action changes nothing"
    assert history_for(hazard).count() == before


@pytest.mark.parametrize(("action", "state", "persona", "expect"), list(_cases(GENERAL, ACTIONS)))
def test_general_hazard_transition_table(request, make_hazard, action, state, persona, expect):
    _run(request, make_hazard, "general", action, state, persona, expect)


@pytest.mark.parametrize(
    ("action", "state", "persona", "expect"), list(_cases(MAJOR, [*ACTIONS, "list_for_supervision"]))
)
def test_major_hazard_transition_table(request, make_hazard, major_plan, action, state, persona, expect):
    _run(request, make_hazard, "major", action, state, persona, expect, major_plan=major_plan)


def test_major_hazard_cannot_start_rectifying_without_five_in_place(make_hazard, enterprise_user, major_plan):
    hazard = make_hazard(level="major")
    with pytest.raises(DomainError, match="五到位"):
        _call("assign", hazard, enterprise_user)
    hazard.refresh_from_db()
    assert hazard.status == "reported"
    services.hazard_record_major_plan(hazard=hazard, actor=enterprise_user, **major_plan)
    hazard.refresh_from_db()
    _call("assign", hazard, enterprise_user)
    hazard.refresh_from_db()
    assert hazard.status == "rectifying"


def test_major_plan_needs_both_reports(make_hazard, enterprise_user, major_plan):
    hazard = make_hazard(level="major")
    with pytest.raises(DomainError, match="双报告"):
        services.hazard_record_major_plan(
            hazard=hazard, actor=enterprise_user, **{**major_plan, "reported_to_congress_on": None}
        )


def test_enterprise_cannot_accept_a_major_hazard(make_hazard, enterprise_user, official_a, major_plan):
    hazard = make_hazard(status="awaiting_acceptance", level="major", **major_plan)
    with pytest.raises(NotPermitted, match="企业不能自行验收"):
        services.hazard_accept(hazard=hazard, actor=enterprise_user)
    services.hazard_accept(hazard=hazard, actor=official_a, note="复核合格")
    hazard.refresh_from_db()
    assert hazard.status == "closed" and hazard.closed_at


def test_listing_a_general_hazard_is_refused(make_hazard, official_a):
    with pytest.raises(DomainError, match="只有重大隐患"):
        _call("list_for_supervision", make_hazard(), official_a)


def test_listed_hazard_is_closed_only_by_the_listing_level(make_hazard, official_a, major_plan, enterprise_user):
    from accounts.models import Agency
    from core.models import Region
    from tests.factories import UserFactory

    county = Agency.objects.create(
        name="兴宁区应急管理局", kind="emergency", region=Region.objects.get(code="450102"), comprehensive=True
    )
    county_official = UserFactory(agency=county, role="inspector")
    hazard = make_hazard(status="rectifying", level="major", **major_plan)
    services.hazard_list_for_supervision(
        hazard=hazard,
        actor=official_a,
        level="city",
        doc_number="南安委督〔2026〕3号",
        listed_on=datetime.date(2026, 11, 3),
    )
    hazard.refresh_from_db()
    assert hazard.listed and hazard.listed_by == official_a.agency
    services.hazard_submit_rectification(hazard=hazard, actor=enterprise_user, description="已整改", photos=[photo()])
    hazard.refresh_from_db()
    with pytest.raises(NotPermitted, match="挂牌级别"):
        services.hazard_accept(hazard=hazard, actor=county_official)
    services.hazard_accept(hazard=hazard, actor=official_a)
    hazard.refresh_from_db()
    assert hazard.status == "closed"


def test_county_cannot_list_at_city_level(make_hazard, major_plan):
    from accounts.models import Agency
    from core.models import Region
    from tests.factories import UserFactory

    county = Agency.objects.create(
        name="兴宁区应急管理局", kind="emergency", region=Region.objects.get(code="450102"), comprehensive=True
    )
    county_official = UserFactory(agency=county, role="inspector")
    hazard = make_hazard(level="major", **major_plan)
    with pytest.raises(NotPermitted, match="本级或下级"):
        services.hazard_list_for_supervision(
            hazard=hazard, actor=county_official, level="city", doc_number="x", listed_on=datetime.date(2026, 11, 3)
        )


def test_rectification_records_after_photos_and_their_hashes(make_hazard, enterprise_user):
    hazard = make_hazard(status="rectifying")
    services.hazard_submit_rectification(
        hazard=hazard, actor=enterprise_user, description="已更换报警器", photos=[photo()], funds_spent="3500"
    )
    hazard.refresh_from_db()
    ev = hazard.evidence.get()
    assert ev.after and ev.submission.description == "已更换报警器"
    assert str(hazard.funds_spent) == "3500.00"
    entry = list(history_for(hazard))[-1]
    assert entry.evidence[0]["sha256"] == ev.sha256


def test_rectification_without_photo_is_refused(make_hazard, enterprise_user):
    with pytest.raises(DomainError, match="照片"):
        services.hazard_submit_rectification(
            hazard=make_hazard(status="rectifying"), actor=enterprise_user, description="x", photos=[]
        )


def test_stale_version_is_a_concurrent_change(make_hazard, official_a):
    from core.errors import ConcurrentChange

    hazard = make_hazard(status="awaiting_acceptance")
    with pytest.raises(ConcurrentChange, match="已被他人修改"):
        services.hazard_accept(hazard=hazard, actor=official_a, expected_version=hazard.version - 1 or 99)


def test_enterprise_self_reports_a_hazard(enterprise_user):
    hazard = services.hazard_self_report(actor=enterprise_user, description="配电室门未上锁", level="general")
    assert hazard.source == "self_report" and hazard.enterprise == enterprise_user.enterprise
