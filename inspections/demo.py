"""Demo data of inspections: a self-inspection for ent_user in a campaign over 南宁 (idempotent).

Uses the seed checklists and campaigns when the campaigns loader has created them; otherwise
it builds the seed-000 checklists from campaigns.seed_content and a demo campaign over 南宁.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

DEMO_CAMPAIGN_TITLE = "南宁市企业安全生产主体责任专项检查（演示）"


def _ensure_template(spec: dict):
    from campaigns.models import ChecklistItem, ChecklistSection, ChecklistTemplate
    from core.models import Industry

    existing = ChecklistTemplate.objects.filter(code=spec["code"]).order_by("-version").first()
    if existing:
        return existing
    template = ChecklistTemplate.objects.create(
        code=spec["code"],
        name=spec["name"],
        kind=spec.get("kind", "inspection"),
        description=spec.get("description", ""),
        source_seed=spec.get("source_seed", ""),
    )
    for s_order, section in enumerate(spec["sections"], start=1):
        sec = ChecklistSection.objects.create(
            template=template, order=s_order, title=section["title"], lead_department=section.get("lead_department", "")
        )
        for i_order, item in enumerate(section["items"], start=1):
            row = ChecklistItem.objects.create(
                template=template,
                section=sec,
                order=i_order,
                number=item["number"],
                text=item["text"],
                legal_basis=item.get("legal_basis", ""),
                answer_kind=item.get("answer_kind", "compliance"),
                photo_required=item.get("photo_required", False),
                hazard_level=item.get("hazard_level", ""),
                major_criterion=item.get("major_criterion", False),
            )
            if item.get("industries"):
                row.industries.set(Industry.objects.filter(code__in=item["industries"]))
    return template


@transaction.atomic
def load_inspections_demo() -> None:
    from accounts.models import User
    from campaigns.models import Campaign
    from campaigns.seed_content.checklists import SEED000_HEAD_INTERVIEW, SEED000_MAIN_RESPONSIBILITY
    from core.models import Region

    from .choices import InspectionKind
    from .models import Inspection
    from .services import inspection_request_self

    ent_user = User.objects.filter(username="ent_user").select_related("enterprise").first()
    official = User.objects.filter(username="nn_official").first()
    if ent_user is None or official is None:
        return
    template = _ensure_template(SEED000_MAIN_RESPONSIBILITY)
    _ensure_template(SEED000_HEAD_INTERVIEW)
    campaign = Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).first()
    if campaign is None:
        today = timezone.localdate()
        campaign = Campaign.objects.create(
            title=DEMO_CAMPAIGN_TITLE,
            doc_number="南安委办〔2026〕12号",
            issuer="南宁市安全生产委员会办公室",
            issue_date=today - timedelta(days=10),
            kind="patrol",
            region=Region.objects.get(code="450100"),
            period_start=today - timedelta(days=10),
            period_end=today + timedelta(days=80),
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
