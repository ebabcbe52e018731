"""Inspection groups (巡查组) of a campaign: members by seed 000's rules, and their visits
with clashes refused."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError
from enterprises.references import person_usable

from ..choices import GroupRole
from ..models import (
    Campaign,
    GroupMember,
    GroupVisit,
    InspectionGroup,
)
from .campaigns import _require_change


# ---------------------------------------------------------------------------
# inspection groups and visits
# ---------------------------------------------------------------------------
def specialty_matches(user, industries) -> bool:
    """An expert's specialty matches when it lies in, or contains, one of the industries."""
    return any(
        s.path.startswith(c.path) or c.path.startswith(s.path) for s in user.specialties.all() for c in industries
    )


def _check_people(actor, members: list[tuple]) -> None:
    """Members are officials of the actor's jurisdiction or experts of the pool (references.py)."""
    for user, _role in members:
        if not person_usable(actor, user):
            raise DomainError(_("「%(u)s」不在您的辖区内，不能加入巡查组。") % {"u": user}, field="members")


def _validate_members(campaign: Campaign, members: list[tuple]) -> None:
    users = [u for u, _role in members]
    if len({u.pk for u in users}) != len(users):
        raise DomainError(_("同一人不能在巡查组中重复出现。"), field="members")
    size = len(members)
    if not (campaign.group_min_size <= size <= campaign.group_max_size):
        raise DomainError(
            _("巡查组应为 %(a)d–%(b)d 人，现为 %(n)d 人。")
            % {"a": campaign.group_min_size, "b": campaign.group_max_size, "n": size},
            field="members",
        )
    leaders = sum(1 for _u, r in members if r == GroupRole.LEADER)
    deputies = sum(1 for _u, r in members if r == GroupRole.DEPUTY)
    if leaders != campaign.group_leaders:
        raise DomainError(
            _("巡查组应有组长 %(a)d 名，现为 %(n)d 名。") % {"a": campaign.group_leaders, "n": leaders}, field="members"
        )
    if deputies != campaign.group_deputies:
        raise DomainError(
            _("巡查组应有副组长 %(a)d 名，现为 %(n)d 名。") % {"a": campaign.group_deputies, "n": deputies},
            field="members",
        )
    campaign_industries = list(campaign.industries.all())
    for user, role in members:
        if role not in GroupRole.values:
            raise DomainError(_("职务无效。"), field="members")
        if role == GroupRole.EXPERT:
            if not user.in_expert_pool:
                raise DomainError(_("「%(u)s」不在专家库中，不能作为专家。") % {"u": user}, field="members")
            if campaign_industries and not specialty_matches(user, campaign_industries):
                raise DomainError(_("专家「%(u)s」的专业领域与专项行动的行业领域不符。") % {"u": user}, field="members")
        elif not getattr(user, "is_official", False):
            raise DomainError(_("「%(u)s」不是监管人员，只能以专家身份加入巡查组。") % {"u": user}, field="members")


@transaction.atomic
def group_create(*, actor, campaign: Campaign, name: str, members: list[tuple]) -> InspectionGroup:
    """Form an inspection group (巡查组) following the campaign's group rules (default seed 000)."""
    campaign = Campaign.objects.get(pk=campaign.pk)  # the rules as stored now
    _require_change(actor, campaign)
    if not (name or "").strip():
        raise DomainError(_("巡查组名称不能为空。"), field="name")
    _validate_members(campaign, members)
    _check_people(actor, members)
    group = InspectionGroup.objects.create(campaign=campaign, name=name.strip(), agency=getattr(actor, "agency", None))
    GroupMember.objects.bulk_create([GroupMember(group=group, user=u, role=r) for u, r in members])
    audit_record(
        actor=actor,
        obj=group,
        action="group_create",
        changes={"members": [{"user": u.pk, "role": r} for u, r in members]},
    )
    return group


@transaction.atomic
def group_set_members(*, actor, group: InspectionGroup, members: list[tuple]) -> InspectionGroup:
    """Replace the members of a group; the same rules apply, and new members must not clash."""
    group = InspectionGroup.objects.select_for_update().select_related("campaign").get(pk=group.pk)
    _require_change(actor, group.campaign)
    _validate_members(group.campaign, members)
    _check_people(actor, members)
    group.members.all().delete()
    GroupMember.objects.bulk_create([GroupMember(group=group, user=u, role=r) for u, r in members])
    for visit in group.visits.all():
        _check_clash(group=group, start=visit.start, end=visit.end, exclude_visit=visit)
    audit_record(
        actor=actor,
        obj=group,
        action="group_set_members",
        changes={"members": [{"user": u.pk, "role": r} for u, r in members]},
    )
    return group


def _check_clash(*, group: InspectionGroup, start: date, end: date, exclude_visit: GroupVisit | None = None) -> None:
    """The same person may not be in two visits at once (any group, any campaign)."""
    user_ids = list(group.members.values_list("user_id", flat=True))
    clashes = (
        GroupVisit.objects.filter(start__lte=end, end__gte=start, group__members__user_id__in=user_ids)
        .select_related("group", "enterprise")
        .distinct()
    )
    if exclude_visit is not None:
        clashes = clashes.exclude(pk=exclude_visit.pk)
    clash = clashes.first()
    if clash is not None:
        names = "、".join(
            str(m.user)
            for m in GroupMember.objects.filter(group=clash.group, user_id__in=user_ids).select_related("user")
        )
        raise DomainError(
            _("时间冲突：%(who)s 在 %(s)s 至 %(e)s 已安排随「%(g)s」巡查「%(ent)s」。")
            % {"who": names, "s": clash.start, "e": clash.end, "g": clash.group, "ent": clash.enterprise},
            field="start",
        )


@transaction.atomic
def group_visit_add(*, actor, group: InspectionGroup, enterprise, start: date, end: date, note: str = "") -> GroupVisit:
    """Plan a visit of a group to an enterprise in the campaign's scope, checking days, frequency and clashes."""
    group = InspectionGroup.objects.select_for_update().select_related("campaign").get(pk=group.pk)
    campaign = group.campaign
    _require_change(actor, campaign)
    if not start or not end:
        raise DomainError(_("请填写进驻日期和结束日期。"), field="start")
    if end < start:
        raise DomainError(_("结束日期不能早于进驻日期。"), field="end")
    if not campaign.enterprises_in_scope().filter(pk=enterprise.pk).exists():
        raise DomainError(_("企业「%(e)s」不在专项行动范围内。") % {"e": enterprise}, field="enterprise")
    days = (end - start).days + 1
    if not (campaign.visit_days_min <= days <= campaign.visit_days_max):
        raise DomainError(
            _("每次到企业巡查应为 %(a)d–%(b)d 天，现为 %(n)d 天。")
            % {"a": campaign.visit_days_min, "b": campaign.visit_days_max, "n": days},
            field="end",
        )
    if (campaign.period_start and start < campaign.period_start) or (campaign.period_end and end > campaign.period_end):
        raise DomainError(_("巡查日期应在专项行动期间内。"), field="start")
    in_month = group.visits.filter(start__year=start.year, start__month=start.month).count()
    if in_month >= campaign.visits_per_month:
        raise DomainError(
            _("巡查组每月巡查 %(n)d 次，%(m)d月已排满。") % {"n": campaign.visits_per_month, "m": start.month},
            field="start",
        )
    _check_clash(group=group, start=start, end=end)
    visit = GroupVisit.objects.create(group=group, enterprise=enterprise, start=start, end=end, note=note)
    audit_record(
        actor=actor,
        obj=group,
        action="group_visit_add",
        changes={"enterprise": enterprise.pk, "start": start, "end": end},
    )
    return visit
