"""Writes of a campaign: who may write, the scope and period rules, create/update with phases,
attached checklists and targets."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from checklists.models import ChecklistTemplate
from core.audit import audit_record
from core.errors import DomainError, NotPermitted
from core.models import Industry
from enterprises.scoping import industries_within_jurisdiction, is_writer, region_within_jurisdiction

from ..models import (
    Campaign,
    Phase,
    Target,
)

CAMPAIGN_FIELDS = [
    "title",
    "doc_number",
    "issuer",
    "issue_date",
    "kind",
    "region",
    "period_start",
    "period_end",
    "summary",
    "parent",
    "group_min_size",
    "group_max_size",
    "group_leaders",
    "group_deputies",
    "visits_per_month",
    "visit_days_min",
    "visit_days_max",
    "score_coverage",
    "score_rectification",
    "score_major_closed",
    "score_timeliness",
]


# ---------------------------------------------------------------------------
# permissions
# ---------------------------------------------------------------------------
def can_write_campaigns(user) -> bool:
    return is_writer(user)


def can_change_campaign(user, campaign: Campaign) -> bool:
    """Officials (admin/inspector) whose jurisdiction contains the campaign's region may change it."""
    return can_write_campaigns(user) and region_within_jurisdiction(user, campaign.region)


def _require_change(actor, campaign: Campaign) -> None:
    if not can_change_campaign(actor, campaign):
        raise NotPermitted(_("只有本辖区监管部门的管理员或检查人员可以修改此专项行动。"))


# ---------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------
def _industries_within(children: Iterable[Industry], parents: Iterable[Industry]) -> bool:
    parents = list(parents)
    if not parents:  # the parent covers every industry
        return True
    children = list(children)
    if not children:  # the child covers every industry, the parent does not
        return False
    return all(any(c.path.startswith(p.path) for p in parents) for c in children)


def validate_scope(*, actor, region, industries, parent: Campaign | None) -> None:
    """Scope inside the author's jurisdiction and, for an implementing plan, inside the parent's scope."""
    if region is None:
        raise DomainError(_("范围：区划不能为空。"), field="region")
    if not region_within_jurisdiction(actor, region):
        raise DomainError(_("范围：区划「%(r)s」不在您的辖区内。") % {"r": region.name}, field="region")
    if not industries and not actor.is_superuser and actor.agency.industry_ids() is not None:
        raise DomainError(_("范围：行业领域不能留空（全部行业），请选择本部门监管的行业。"), field="industries")
    if not industries_within_jurisdiction(actor, industries):
        raise DomainError(_("范围：行业领域超出本部门的监管范围。"), field="industries")
    if parent is not None:
        if not Campaign.objects.visible_to(actor).filter(pk=parent.pk).exists():
            raise DomainError(_("上级专项行动不存在。"), field="parent")
        if not region.path.startswith(parent.region_path):
            raise DomainError(
                _("范围：区划「%(r)s」不在上级专项行动的范围「%(p)s」内。")
                % {"r": region.name, "p": parent.region.name},
                field="region",
            )
        if not _industries_within(industries, parent.industries.all()):
            raise DomainError(_("范围：行业领域超出上级专项行动的行业范围。"), field="industries")


def validate_period_and_phases(*, period_start, period_end, phases: list[dict]) -> None:
    """Phases have dates in order, inside the period, without overlaps."""
    if period_start and period_end and period_end < period_start:
        raise DomainError(_("结束日期不能早于开始日期。"), field="period_end")
    previous = None
    for index, phase in enumerate(phases, start=1):
        name = phase.get("name") or _("第%(n)d阶段") % {"n": index}
        start, end = phase.get("start"), phase.get("end")
        if not phase.get("name"):
            raise DomainError(_("第%(n)d个阶段：阶段名称不能为空。") % {"n": index}, field="phases")
        if not start or not end:
            raise DomainError(_("阶段「%(p)s」：开始日期和结束日期不能为空。") % {"p": name}, field="phases")
        if end < start:
            raise DomainError(_("阶段「%(p)s」：结束日期不能早于开始日期。") % {"p": name}, field="phases")
        if period_start and start < period_start:
            raise DomainError(
                _("阶段「%(p)s」：开始日期 %(d)s 早于专项行动开始日期 %(s)s。")
                % {"p": name, "d": start, "s": period_start},
                field="phases",
            )
        if period_end and end > period_end:
            raise DomainError(
                _("阶段「%(p)s」：结束日期 %(d)s 晚于专项行动结束日期 %(e)s。")
                % {"p": name, "d": end, "e": period_end},
                field="phases",
            )
        if previous is not None:
            if start < previous["start"]:
                raise DomainError(
                    _("阶段「%(p)s」应排在阶段「%(q)s」之前：阶段须按时间先后排列。")
                    % {"p": name, "q": previous["name"]},
                    field="phases",
                )
            if start <= previous["end"]:
                raise DomainError(
                    _("阶段「%(p)s」与阶段「%(q)s」的日期重叠。") % {"p": name, "q": previous["name"]},
                    field="phases",
                )
        previous = {"name": name, "start": start, "end": end}


# The largest sensible values of the group rules (a group of people, days and visits within a month).
GROUP_RULE_LIMITS = {
    "group_min_size": (1, 50),
    "group_max_size": (1, 50),
    "group_leaders": (0, 10),
    "group_deputies": (0, 10),
    "visits_per_month": (1, 31),
    "visit_days_min": (1, 31),
    "visit_days_max": (1, 31),
}


def validate_group_rules(values: dict) -> None:
    for field, (low, high) in GROUP_RULE_LIMITS.items():
        value = values.get(field)
        if value is not None and not (low <= int(value) <= high):
            label = Campaign._meta.get_field(field).verbose_name
            raise DomainError(
                _("%(label)s应在 %(low)s 到 %(high)s 之间。") % {"label": label, "low": low, "high": high}, field=field
            )
    lo, hi = values.get("group_min_size"), values.get("group_max_size")
    if lo is not None and hi is not None and lo > hi:
        raise DomainError(_("巡查组最少人数不能大于最多人数。"), field="group_min_size")
    dlo, dhi = values.get("visit_days_min"), values.get("visit_days_max")
    if dlo is not None and dhi is not None and dlo > dhi:
        raise DomainError(_("每次在企业最少天数不能大于最多天数。"), field="visit_days_min")


def _set_phases(campaign: Campaign, phases: list[dict]) -> None:
    campaign.phases.all().delete()
    Phase.objects.bulk_create(
        [
            Phase(
                campaign=campaign,
                order=index,
                name=p["name"],
                start=p["start"],
                end=p["end"],
                description=p.get("description", ""),
            )
            for index, p in enumerate(phases, start=1)
        ]
    )


def _phase_dicts(phases) -> list[dict]:
    return [
        {"name": p["name"], "start": p["start"], "end": p["end"], "description": p.get("description", "")}
        for p in phases
    ]


# ---------------------------------------------------------------------------
# campaigns
# ---------------------------------------------------------------------------
@transaction.atomic
def campaign_create(
    *,
    actor,
    title: str,
    region,
    industries: Iterable[Industry] = (),
    phases: Iterable[dict] = (),
    checklists: Iterable[ChecklistTemplate] = (),
    **fields,
) -> Campaign:
    """Create a campaign (or, with `parent`, an implementing plan 实施方案) inside the actor's jurisdiction."""
    if not can_write_campaigns(actor):
        raise NotPermitted(_("只有监管部门的管理员或检查人员可以创建专项行动。"))
    industries = list(industries)
    if not industries and fields.get("parent") is not None:
        industries = list(fields["parent"].industries.all())  # a plan answers its parent's industries
    phases = _phase_dicts(phases)
    if not (title or "").strip():
        raise DomainError(_("标题不能为空。"), field="title")
    validate_scope(actor=actor, region=region, industries=industries, parent=fields.get("parent"))
    validate_period_and_phases(
        period_start=fields.get("period_start"), period_end=fields.get("period_end"), phases=phases
    )
    validate_group_rules(fields)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    campaign = Campaign(
        title=title.strip(),
        region=region,
        agency=getattr(actor, "agency", None),
        created_by=actor,
        **{k: v for k, v in fields.items() if v is not None or k in ("parent",)},
    )
    campaign.save()
    campaign.industries.set(industries)
    campaign.checklists.set(list(checklists))
    _set_phases(campaign, phases)
    audit_record(
        actor=actor,
        obj=campaign,
        action="campaign_create",
        changes={"title": campaign.title, "region": region.code, "parent": campaign.parent_id},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    actor,
    campaign: Campaign,
    industries: Iterable[Industry] | None = None,
    phases: Iterable[dict] | None = None,
    checklists: Iterable[ChecklistTemplate] | None = None,
    **fields,
) -> Campaign:
    """Change a campaign; the same scope and phase rules as on creation are re-checked."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_change(actor, campaign)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    old = {k: getattr(campaign, k) for k in fields}
    for key, value in fields.items():
        setattr(campaign, key, value)
    industries = list(industries) if industries is not None else list(campaign.industries.all())
    phase_list = (
        _phase_dicts(phases)
        if phases is not None
        else [{"name": p.name, "start": p.start, "end": p.end} for p in campaign.phases.all()]
    )
    if campaign.parent_id and campaign.parent_id == campaign.pk:
        raise DomainError(_("上级专项行动不能是自身。"), field="parent")
    validate_scope(actor=actor, region=campaign.region, industries=industries, parent=campaign.parent)
    validate_period_and_phases(period_start=campaign.period_start, period_end=campaign.period_end, phases=phase_list)
    validate_group_rules({f: getattr(campaign, f) for f in CAMPAIGN_FIELDS if f.startswith(("group_", "visit_"))})
    campaign.save()
    campaign.industries.set(industries)
    if phases is not None:
        _set_phases(campaign, phase_list)
    if checklists is not None:
        campaign.checklists.set(list(checklists))
    audit_record(
        actor=actor,
        obj=campaign,
        action="campaign_update",
        changes={k: {"old": old[k], "new": getattr(campaign, k)} for k in fields if old[k] != getattr(campaign, k)},
    )
    return campaign


@transaction.atomic
def campaign_attach_checklist(*, actor, campaign: Campaign, template: ChecklistTemplate) -> None:
    """Pin a checklist version to the campaign."""
    _require_change(actor, campaign)
    campaign.checklists.add(template)
    audit_record(actor=actor, obj=campaign, action="campaign_attach_checklist", changes={"template": str(template)})


# ---------------------------------------------------------------------------
# targets and tasks
# ---------------------------------------------------------------------------
@transaction.atomic
def target_add(
    *, actor, campaign: Campaign, name: str, indicator: str = "", target_value=None, key_industries_only=None
) -> Target:
    """Add a work target; a target names an indicator computed from data or stays unquantified."""
    _require_change(actor, campaign)
    if not (name or "").strip():
        raise DomainError(_("目标名称不能为空。"), field="name")
    if target_value is not None and not (0 <= float(target_value) <= 100):
        raise DomainError(_("目标值应在 0 到 100 之间（百分比）。"), field="target_value")
    if key_industries_only is None:
        key_industries_only = "重点行业" in name
    target = Target.objects.create(
        campaign=campaign,
        order=campaign.targets.count() + 1,
        name=name.strip(),
        indicator=indicator or "",
        target_value=target_value,
        key_industries_only=key_industries_only,
    )
    audit_record(actor=actor, obj=campaign, action="target_add", changes={"name": target.name, "indicator": indicator})
    return target
