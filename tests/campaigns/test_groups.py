"""Inspection groups (巡查组): seed 000 size rules, the expert pool, planned visits and clashes."""

from __future__ import annotations

from datetime import date

import pytest

from campaigns.selectors import expert_pool
from campaigns.services import campaign_update, group_create, group_visit_add
from core.errors import DomainError
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(agency_a, industry):
    officials = [UserFactory(agency=agency_a, role="inspector", display_name=f"检查员{i}") for i in range(6)]
    chem = UserFactory(kind="expert", in_expert_pool=True, display_name="化工专家")
    chem.specialties.set([industry("hazchem")])
    builder = UserFactory(kind="expert", in_expert_pool=True, display_name="建筑专家")
    builder.specialties.set([industry("construction")])
    outside = UserFactory(kind="expert", in_expert_pool=False, display_name="库外专家")
    return {"officials": officials, "chem": chem, "builder": builder, "outside": outside}


def _members(officials, expert=None, n=4):
    roles = ["leader", "deputy", "deputy"] + ["member"] * 10
    members = [(u, roles[i]) for i, u in enumerate(officials[:n])]
    if expert:
        members.append((expert, "expert"))
    return members


def test_group_of_five_with_one_leader_two_deputies_and_an_expert_is_formed(campaign_a, official_a, people):
    group = group_create(
        actor=official_a, campaign=campaign_a, name="第一巡查组", members=_members(people["officials"], people["chem"])
    )
    assert group.members.count() == 5
    assert group.members.filter(role="expert").get().user == people["chem"]


def test_group_of_three_or_seven_is_refused(campaign_a, official_a, people):
    with pytest.raises(DomainError, match="4–6 人，现为 3 人"):
        group_create(actor=official_a, campaign=campaign_a, name="组", members=_members(people["officials"], n=3))
    with pytest.raises(DomainError, match="现为 7 人"):
        group_create(
            actor=official_a, campaign=campaign_a, name="组", members=_members(people["officials"], people["chem"], n=6)
        )


def test_group_without_two_deputies_is_refused(campaign_a, official_a, people):
    members = [(u, "member") for u in people["officials"][:4]]
    members[0] = (members[0][0], "leader")
    with pytest.raises(DomainError, match="副组长 2 名，现为 0 名"):
        group_create(actor=official_a, campaign=campaign_a, name="组", members=members)


def test_rules_are_configurable_per_campaign(campaign_a, official_a, people):
    campaign_update(actor=official_a, campaign=campaign_a, group_min_size=2, group_deputies=0)
    members = [(people["officials"][0], "leader"), (people["officials"][1], "member")]
    assert group_create(actor=official_a, campaign=campaign_a, name="小组", members=members).members.count() == 2


def test_expert_must_be_in_the_pool_with_a_matching_specialty(campaign_a, official_a, people):
    with pytest.raises(DomainError, match="不在专家库中"):
        group_create(
            actor=official_a, campaign=campaign_a, name="组", members=_members(people["officials"], people["outside"])
        )
    with pytest.raises(DomainError, match="专业领域与专项行动的行业领域不符"):
        group_create(
            actor=official_a, campaign=campaign_a, name="组", members=_members(people["officials"], people["builder"])
        )


def test_expert_pool_lists_experts_matching_the_campaign_industries(campaign_a, people):
    assert list(expert_pool(campaign_a)) == [people["chem"]]
    assert set(expert_pool()) == {people["chem"], people["builder"]}


@pytest.fixture
def two_groups(campaign_a, official_a, people):
    officials = people["officials"]
    first = group_create(actor=official_a, campaign=campaign_a, name="第一组", members=_members(officials))
    deputy = UserFactory(agency=official_a.agency, role="inspector", display_name="副组长乙")
    second_members = [
        (officials[4], "leader"),
        (officials[5], "deputy"),
        (deputy, "deputy"),
        (people["chem"], "expert"),
    ]
    extra = UserFactory(agency=official_a.agency, role="inspector", display_name="共同成员")
    first.members.create(user=extra, role="member")
    second_members.append((extra, "member"))
    second = group_create(actor=official_a, campaign=campaign_a, name="第二组", members=second_members)
    return first, second


def test_visit_of_three_to_five_days_is_planned(two_groups, official_a, enterprise_a):
    first, _ = two_groups
    visit = group_visit_add(
        actor=official_a, group=first, enterprise=enterprise_a, start=date(2026, 4, 6), end=date(2026, 4, 9)
    )
    assert visit.days == 4


def test_visit_of_two_or_six_days_is_refused(two_groups, official_a, enterprise_a):
    first, _ = two_groups
    for end in (date(2026, 4, 7), date(2026, 4, 11)):
        with pytest.raises(DomainError, match="3–5 天"):
            group_visit_add(actor=official_a, group=first, enterprise=enterprise_a, start=date(2026, 4, 6), end=end)


def test_visit_to_an_enterprise_outside_the_scope_is_refused(two_groups, official_a, enterprise_b):
    first, _ = two_groups
    with pytest.raises(DomainError, match="不在专项行动范围内"):
        group_visit_add(
            actor=official_a, group=first, enterprise=enterprise_b, start=date(2026, 4, 6), end=date(2026, 4, 9)
        )


def test_a_person_in_two_overlapping_visits_is_a_clash(two_groups, official_a, enterprise_a):
    first, second = two_groups
    other = EnterpriseFactory(industries=["hazchem"])
    group_visit_add(
        actor=official_a, group=first, enterprise=enterprise_a, start=date(2026, 4, 6), end=date(2026, 4, 9)
    )
    with pytest.raises(DomainError) as exc:
        group_visit_add(actor=official_a, group=second, enterprise=other, start=date(2026, 4, 9), end=date(2026, 4, 12))
    assert "时间冲突" in exc.value.message and "共同成员" in exc.value.message and "第一组" in exc.value.message
    ok = group_visit_add(
        actor=official_a, group=second, enterprise=other, start=date(2026, 4, 10), end=date(2026, 4, 12)
    )
    assert ok.pk


def test_a_third_visit_in_a_month_is_refused(two_groups, official_a, enterprise_a):
    first, _ = two_groups
    group_visit_add(
        actor=official_a, group=first, enterprise=enterprise_a, start=date(2026, 5, 4), end=date(2026, 5, 6)
    )
    group_visit_add(
        actor=official_a, group=first, enterprise=enterprise_a, start=date(2026, 5, 11), end=date(2026, 5, 13)
    )
    with pytest.raises(DomainError, match="每月巡查 2 次"):
        group_visit_add(
            actor=official_a, group=first, enterprise=enterprise_a, start=date(2026, 5, 18), end=date(2026, 5, 20)
        )
