"""Demo hazards of 南宁邕江化工有限公司 (ent_user's enterprise) in every state, and a public report,
made through the services. (Their publication and enforcement come from enforcement/demo.py.)

Idempotent: if the enterprise already has demo hazards, nothing is created.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from . import services
from .demo_living import load_living_hazards, load_living_public_reports

DEMO_MARK = "【演示】"
#: The listed major hazard; the enforcement demo publishes it and fines the enterprise for it.
LISTED_MAJOR = "重大危险源储罐未设置紧急切断装置"


def _photo(name: str, color) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(out, "JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@transaction.atomic
def load_hazards_demo() -> None:
    from accounts.models import User
    from campaigns.models import Campaign
    from core.models import Industry
    from inspections.demo import DEMO_CAMPAIGN_TITLE

    from .models import Hazard

    ent_user = User.objects.filter(username="ent_user").select_related("enterprise").first()
    official = User.objects.filter(username="nn_official").first()
    if ent_user is None or official is None:
        return
    enterprise = ent_user.enterprise
    campaign = Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).first()
    if settings.DEMO_LIVING:
        if campaign is not None:
            load_living_hazards(campaign=campaign, official=official)
        load_living_public_reports(official=official)
    if Hazard.objects.filter(enterprise=enterprise, description__startswith=DEMO_MARK).exists():
        return
    if enterprise.responsible_agency_id is None:
        type(enterprise).objects.filter(pk=enterprise.pk).update(responsible_agency=official.agency)
        enterprise.refresh_from_db()
    today = timezone.localdate()
    # The demo hazards belong to the demo campaign over 南宁 (its statistics form counts them).
    five = {"responsible_person": "周安全", "executor": "设备部 韦工", "acceptor": "黄海燕"}

    def report(text, level="general", location="储罐区"):
        return services.hazard_report(
            actor=official,
            enterprise=enterprise,
            level=level,
            description=DEMO_MARK + text,
            source="finding",
            location=location,
            campaign=campaign,
        )

    report("液氨储罐区可燃气体报警器未定期检定")
    h = report("危化品仓库通风设施损坏", location="二号仓库")
    services.hazard_assign(
        hazard=h, actor=ent_user, measures="更换排风机并检测通风量", deadline=today + timedelta(days=20), **five
    )
    h = report("配电室电缆沟未封堵", location="配电室")
    services.hazard_assign(hazard=h, actor=ent_user, measures="防火封堵", deadline=today - timedelta(days=5), **five)
    h = report("消防通道堆放杂物", location="厂区东门")
    services.hazard_rectify_immediately(
        hazard=h, actor=ent_user, description="已当场清理", photos=[_photo("east-gate.jpg", (90, 140, 90))]
    )
    h.refresh_from_db()
    services.hazard_accept(hazard=h, actor=official, note="现场复核已清理")
    h = report(LISTED_MAJOR, level="major")
    h = services.hazard_record_major_plan(
        hazard=h,
        actor=ent_user,
        responsibility="主要负责人周安全牵头，设备部落实",
        funds_planned=180000,
        contingency_plan="储罐泄漏专项应急预案（2026版）",
        reported_to_department_on=today - timedelta(days=10),
        reported_to_congress_on=today - timedelta(days=9),
    )
    h = services.hazard_assign(
        hazard=h, actor=ent_user, measures="加装紧急切断阀并联锁", deadline=today + timedelta(days=60), **five
    )
    services.hazard_list_for_supervision(
        hazard=h, actor=official, level="city", doc_number="南安委督〔2026〕12号", listed_on=today - timedelta(days=8)
    )
    services.public_report_submit(
        description="夜间有槽车在厂外路边违规停放卸料",
        location="民生街道工业路口",
        region=enterprise.region,
        industry=Industry.objects.get(code="hazchem"),
        enterprise_name=enterprise.name,
    )
