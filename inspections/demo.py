"""Demo data of inspections: a self-inspection for ent_user in a campaign over 南宁, and the living
demo of inspections and reports (inspections/demo_living.py); idempotent.

Uses the seed-000 checklist (checklists.loaders) and a demo campaign over 南宁.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .demo_living import load_living_inspections, load_living_submissions

DEMO_CAMPAIGN_TITLE = "南宁市企业安全生产主体责任专项检查（演示）"


def _seed_template(code: str):
    """The latest version of a seed checklist (loaded by checklists.loaders, idempotently)."""
    from checklists.loaders import seed_templates_load
    from checklists.models import ChecklistTemplate

    template = ChecklistTemplate.objects.filter(code=code).order_by("-version").first()
    if template is None:
        seed_templates_load()
        template = ChecklistTemplate.objects.filter(code=code).order_by("-version").first()
    return template


@transaction.atomic
def load_inspections_demo() -> None:
    from accounts.models import User
    from campaigns.models import Campaign
    from checklists.seed_content import SEED000_MAIN_RESPONSIBILITY
    from core.models import Region

    from .choices import InspectionKind
    from .models import Inspection
    from .services import inspection_request_self

    ent_user = User.objects.filter(username="ent_user").select_related("enterprise").first()
    official = User.objects.filter(username="nn_official").first()
    if ent_user is None or official is None:
        return
    template = _seed_template(SEED000_MAIN_RESPONSIBILITY["code"])
    campaign = Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).first()
    if campaign is None:
        # In progress: begun almost a year ago (the living demo's inspections and hazards spread
        # over those months), ending in two months; dates relative to today.
        today = timezone.localdate()
        start = today - timedelta(days=355)
        campaign = Campaign.objects.create(
            title=DEMO_CAMPAIGN_TITLE,
            doc_number=f"南安委办〔{today.year}〕12号",
            issuer="南宁市安全生产委员会办公室",
            issue_date=start - timedelta(days=5),
            kind="patrol",
            region=Region.objects.get(code="450100"),
            period_start=start,
            period_end=today + timedelta(days=60),
            summary="各类企业根据检查表内容自查整改；各级部门开展执法检查、双随机抽查和回头看。",
            agency=official.agency,
            created_by=official,
            source_seed="000",
        )
    campaign.checklists.add(template)
    if not Inspection.objects.filter(
        campaign=campaign, enterprise=ent_user.enterprise, kind=InspectionKind.SELF
    ).exists():
        inspection_request_self(
            actor=official,
            campaign=campaign,
            template=template,
            deadline=timezone.localdate() + timedelta(days=14),
            enterprises=[ent_user.enterprise],
        )
    leader = User.objects.filter(username="nn_leader").first() or official
    inspector2 = User.objects.filter(username="nn_inspector2").first()
    if inspector2 is not None and settings.DEMO_LIVING:
        load_living_inspections(
            campaign=campaign,
            template=template,
            official=official,
            inspector2=inspector2,
            leader=leader,
            own_enterprise=ent_user.enterprise,
        )
        load_living_submissions(campaign=campaign, official=official)
