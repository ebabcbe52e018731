"""Demo enterprises: 300+ across the demo townships with valid USCCs, licences, certified people
and major hazard sources, and the demo enterprise user `ent_user`; idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from accounts.models import Agency, User
from core.demo import DEMO_PASSWORD
from core.models import Industry, Region
from core.uscc import make_uscc

from .models import CertifiedPerson, Enterprise, MajorHazardSource

WORDS = [
    "宏达",
    "恒信",
    "鑫源",
    "华联",
    "永安",
    "昌盛",
    "利民",
    "兴旺",
    "金桥",
    "万通",
    "瑞丰",
    "德胜",
    "安泰",
    "中鼎",
    "汇丰",
    "新城",
]
INDUSTRY_SUFFIX = {
    "hazchem": "化工有限公司",
    "construction": "建筑工程有限公司",
    "metallurgy": "钢铁有限公司",
    "dust_explosion": "木业有限公司",
    "fireworks": "烟花爆竹经营部",
    "road_transport": "运输有限公司",
    "gas": "燃气有限公司",
    "commerce": "商贸有限公司",
    "machinery": "机械制造有限公司",
    "non_coal_mine": "矿业有限公司",
    "light_industry": "食品有限公司",
    "fire": "购物广场",
    "nonferrous": "铝业有限公司",
    "coal": "煤业有限公司",
    "special_equipment": "电梯工程有限公司",
}
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈杰", "杨敏", "赵磊", "黄丽", "周强", "吴静", "徐斌", "孙燕"]


def _enterprise_rows() -> list[dict]:
    """Deterministic demo enterprises: about 18 per township, industries varied."""
    rng = random.Random(2026)
    townships = list(Region.objects.filter(level="township").order_by("code"))
    industries = list(INDUSTRY_SUFFIX)
    rows = []
    serial = 1000
    for town in townships:
        for i in range(18):
            serial += 1
            industry = industries[(serial + i) % len(industries)]
            if town.path.startswith("141100/") or town.code.startswith("141123"):
                industry = rng.choice(["metallurgy", "dust_explosion", "coal", "nonferrous"])
            word = WORDS[serial % len(WORDS)]
            rows.append(
                {
                    "uscc": make_uscc(town.code[:6], serial),
                    "name": f"{town.parent.name.replace('区', '').replace('县', '')}{word}{['', '第二', '新'][i % 3]}{INDUSTRY_SUFFIX[industry]}",
                    "region": town,
                    "industries": [industry] + (["confined_space"] if industry == "light_industry" else []),
                    "risk_grade": rng.choice(["red", "orange", "orange", "yellow", "yellow", "yellow", "blue", "blue"]),
                    "supervision_class": rng.choice(["good", "average", "average", "key"]),
                    "licence": industry
                    in ("hazchem", "fireworks", "non_coal_mine", "coal", "construction", "explosives"),
                    "rng": rng.random(),
                }
            )
    return rows


@transaction.atomic
def load_enterprises_demo() -> None:
    industry_by_code = {i.code: i for i in Industry.objects.all()}
    responsible = {a.region.code: a for a in Agency.objects.filter(comprehensive=True).select_related("region")}
    today = date.today()
    for row in _enterprise_rows():
        town = row["region"]
        county = town.parent
        agency = responsible.get(county.code) or responsible.get(county.parent.code)
        enterprise = Enterprise.objects.filter(uscc=row["uscc"]).first() or Enterprise(uscc=row["uscc"])
        r = row["rng"]
        enterprise.name = row["name"]
        enterprise.region = town
        enterprise.address = f"{county.parent.name}{county.name}{town.name}工业路{int(r * 300) + 1}号"
        enterprise.legal_representative = PEOPLE[int(r * 100) % len(PEOPLE)]
        enterprise.principal = enterprise.legal_representative
        enterprise.principal_phone = f"139{int(r * 1e8):08d}"
        enterprise.principal_trained_on = today - timedelta(days=int(r * 500)) if r < 0.7 else None
        enterprise.safety_manager = PEOPLE[(int(r * 100) + 5) % len(PEOPLE)]
        enterprise.employees = 8 + int(r * 400)
        enterprise.size = "above" if enterprise.employees > 150 else "below"
        enterprise.risk_grade = row["risk_grade"]
        enterprise.supervision_class = row["supervision_class"]
        enterprise.responsible_agency = agency
        if row["licence"]:
            enterprise.licence_number = f"（桂）WH安许证字〔{today.year - 1}〕{int(r * 9000) + 1000}"
            enterprise.licence_scope = "生产、储存" if "hazchem" in row["industries"] else "经营"
            enterprise.licence_valid_until = today + timedelta(days=int(r * 900) - 60)
        enterprise.save()
        enterprise.industries.set([industry_by_code[c] for c in row["industries"]])
        if not enterprise.certified_people.exists():
            CertifiedPerson.objects.create(
                enterprise=enterprise,
                name=enterprise.principal,
                post="principal",
                certificate_number=f"P{enterprise.uscc[-8:]}" if r < 0.8 else "",
                certificate_valid_until=today + timedelta(days=int(r * 700) - 100) if r < 0.8 else None,
            )
            CertifiedPerson.objects.create(
                enterprise=enterprise,
                name=enterprise.safety_manager,
                post="safety_manager",
                certificate_number=f"S{enterprise.uscc[-8:]}",
                certificate_valid_until=today + timedelta(days=400),
            )
        if "hazchem" in row["industries"] and not enterprise.major_hazard_sources.exists():
            MajorHazardSource.objects.create(
                enterprise=enterprise,
                name="储罐区",
                grade=["1", "2", "3", "4"][int(r * 4)],
                record_number=f"BA{enterprise.uscc[-6:]}",
            )

    # The demo enterprise user's company: a hazardous-chemicals enterprise in 南宁·兴宁区·民生街道.
    own = Enterprise.objects.filter(region__code="450102001").order_by("uscc").first()
    own.name = "南宁邕江化工有限公司"
    own.save()
    own.industries.set([industry_by_code["hazchem"]])
    ent_user = User.objects.filter(username="ent_user").first() or User(username="ent_user")
    ent_user.display_name, ent_user.kind, ent_user.enterprise = "周安全", "enterprise", own
    ent_user.set_password(DEMO_PASSWORD)
    ent_user.save()


def enterprise_demo_user(enterprise: Enterprise) -> User:
    """The safety manager's account of a demo enterprise (no password: it acts only in the living
    demo, where enterprises submit rectifications and reports through the services)."""
    username = f"ent_{enterprise.uscc[-8:].lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            display_name=enterprise.safety_manager or "安全管理员",
            kind="enterprise",
            enterprise=enterprise,
        )
        user.set_unusable_password()
        user.save()
    return user
