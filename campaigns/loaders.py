"""Built-in content: the five seed campaigns (with the five seed checklist templates they use), loaded idempotently.

Called by `python manage.py load_seed_content` and by the demo loader (settings.DEMO_LOADERS).
A seed campaign is recognised by its source seed, title and document number (other demo loaders
may add campaigns citing a seed); a template by its code (version 1). Existing rows are left as they are, so running twice creates nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from accounts.models import Agency
from checklists.loaders import seed_templates_load
from checklists.models import ChecklistTemplate
from core.models import Industry, Region

from .models import Campaign, Phase, ReportRequirement, Target, Task
from .seed_content.campaigns import CAMPAIGNS
from .services import submissions_generate

# Which built-in templates each seed campaign uses (same source seed).
LEVEL_WORDS = ("自治区", "省", "市", "县", "区")


def _match_agency(name: str, region: Region) -> Agency | None:
    """A department named in a seed ("县应急管理局") matched to an agency of the campaign's region subtree."""
    if not name:
        return None
    candidates = [name]
    for word in LEVEL_WORDS:
        if name.startswith(word):
            candidates.append(region.name + name[len(word) :])
            candidates.append(region.name.rstrip("市县区") + name)
    return (
        Agency.objects.filter(name__in=candidates, region__path__startswith=region.path)
        .order_by("region__path")
        .first()
    )


@transaction.atomic
def seed_campaigns_load() -> list[Campaign]:
    templates = {t.code: t for t in ChecklistTemplate.objects.filter(version=1, source_seed__gt="")}
    out = []
    for data in CAMPAIGNS:
        existing = Campaign.objects.filter(
            source_seed=data["seed"], title=data["title"], doc_number=data["doc_number"], parent=None
        ).first()
        if existing is not None:
            out.append(existing)
            continue
        region = Region.objects.get(code=data["region_code"])
        campaign = Campaign(
            title=data["title"],
            doc_number=data["doc_number"],
            issuer=data["issuer"],
            issue_date=data["issue_date"],
            kind=data["kind"],
            region=region,
            period_start=data["period_start"],
            period_end=data["period_end"],
            summary=data["summary"],
            source_seed=data["seed"],
            agency=Agency.objects.filter(name=data["issuer"]).first() if data["issuer"] else None,
        )
        rule = data.get("groups_rule") or {}
        for key, field in (
            ("min_size", "group_min_size"),
            ("max_size", "group_max_size"),
            ("leaders", "group_leaders"),
            ("deputies", "group_deputies"),
            ("visits_per_month", "visits_per_month"),
            ("days_min", "visit_days_min"),
            ("days_max", "visit_days_max"),
        ):
            if key in rule:
                setattr(campaign, field, rule[key])
        campaign.save()
        campaign.industries.set(Industry.objects.filter(code__in=data["industries"]))
        campaign.checklists.set([t for t in templates.values() if t.source_seed == data["seed"]])
        Phase.objects.bulk_create(
            [
                Phase(
                    campaign=campaign,
                    order=i,
                    name=p["name"],
                    start=p["start"],
                    end=p["end"],
                    description=p["description"],
                )
                for i, p in enumerate(data["phases"], start=1)
            ]
        )
        Target.objects.bulk_create(
            [
                Target(
                    campaign=campaign,
                    order=i,
                    name=t["name"],
                    indicator=t["indicator"] or "",
                    target_value=t["target_value"],
                    key_industries_only="重点行业" in t["name"],
                )
                for i, t in enumerate(data["targets"], start=1)
            ]
        )
        for i, t in enumerate(data["tasks"], start=1):
            task = Task.objects.create(
                campaign=campaign,
                order=i,
                title=t["title"],
                description=t["description"],
                lead_name=t["lead"],
                lead_agency=_match_agency(t["lead"], region),
                cooperating_names=t["cooperating"],
                deadline=t["deadline"],
            )
            names = [n for n in t["cooperating"] if n]
            if names:
                task.cooperating_agencies.set([a for a in (_match_agency(n, region) for n in names) if a is not None])
        for i, r in enumerate(data["report_requirements"], start=1):
            ReportRequirement.objects.create(
                campaign=campaign,
                order=i,
                title=r["title"],
                recurrence=r["recurrence"],
                due_date=r["due_date"],
                day_of_month=r["day_of_month"],
                submitters=r["submitters"],
                stat_form=r["stat_form"],
            )
        out.append(campaign)
    return out


def seed_content_load(*, generate_submissions: bool = True) -> tuple[list[ChecklistTemplate], list[Campaign]]:
    """Load the five templates and the five campaigns (idempotent), then their due submissions."""
    templates = seed_templates_load()
    campaigns = seed_campaigns_load()
    if generate_submissions:
        for requirement in ReportRequirement.objects.filter(
            Q(campaign__in=campaigns), ~Q(campaign__period_end=None) | Q(recurrence="once")
        ):
            submissions_generate(requirement=requirement, until=requirement.campaign.period_end or requirement.due_date)
    return templates, campaigns


def load_campaigns_demo() -> None:
    """Demo loader (settings.DEMO_LOADERS): the seed content."""
    seed_content_load()
