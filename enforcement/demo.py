"""Demo enforcement of 南宁邕江化工有限公司 (ent_user's enterprise), made through the services: the listed
major hazard of the hazards demo is published (曝光) and fined (a major decision awaiting legal review).

Runs after hazards.demo.load_hazards_demo. Idempotent: if that hazard already has its fine, nothing is created.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from . import services
from .demo_living import load_living_enforcement

FINE_DOC_NUMBER = "（南）应急罚〔2026〕31号"


@transaction.atomic
def load_enforcement_demo() -> None:
    from accounts.models import User
    from campaigns.models import Campaign
    from hazards.demo import DEMO_MARK, LISTED_MAJOR
    from hazards.models import Hazard
    from inspections.demo import DEMO_CAMPAIGN_TITLE

    from .models import EnforcementAction

    ent_user = User.objects.filter(username="ent_user").select_related("enterprise").first()
    official = User.objects.filter(username="nn_official").first()
    legal_free = User.objects.filter(username="nn_inspector2").first() or official
    if ent_user is None or official is None:
        return
    campaign = Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).first()
    legal = User.objects.filter(username="nn_legal").first()
    if campaign is not None and legal is not None and settings.DEMO_LIVING:
        load_living_enforcement(campaign=campaign, official=official, legal=legal)
    hazard = Hazard.objects.filter(enterprise=ent_user.enterprise, description=DEMO_MARK + LISTED_MAJOR).first()
    if hazard is None or EnforcementAction.objects.filter(hazard=hazard, doc_number=FINE_DOC_NUMBER).exists():
        return
    services.publication_publish(actor=official, hazard=hazard)
    services.enforcement_create(
        actor=legal_free,
        kind="fine",
        amount=80000,
        hazard=hazard,
        description="重大事故隐患未及时消除",
        legal_basis="《安全生产法》第一百零二条",
        doc_number=FINE_DOC_NUMBER,
    )
