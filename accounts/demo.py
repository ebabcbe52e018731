"""Demo agencies and accounts (password `anquan2026`, README "Demo accounts"); idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from core.demo import DEMO_PASSWORD
from core.models import Industry, Region

from .models import Agency, User

# (name, kind, region code, comprehensive, industry codes, parent agency name)
AGENCIES = [
    ("广西壮族自治区应急管理厅", "emergency", "450000", True, [], None),
    ("南宁市应急管理局", "emergency", "450100", True, [], "广西壮族自治区应急管理厅"),
    ("柳州市应急管理局", "emergency", "450200", True, [], "广西壮族自治区应急管理厅"),
    ("南宁市住房城乡建设局", "construction", "450100", False, ["construction"], None),
    ("兴宁区应急管理局", "emergency", "450102", True, [], "南宁市应急管理局"),
    ("青秀区应急管理局", "emergency", "450103", True, [], "南宁市应急管理局"),
    ("汕尾市应急管理局", "emergency", "441500", True, [], None),
    ("吕梁市应急管理局", "emergency", "141100", True, [], None),
    ("兴县应急管理局", "emergency", "141123", True, [], "吕梁市应急管理局"),
    ("南通经济技术开发区安全生产监督管理局", "emergency", "320671", True, [], None),
]

# (username, display name, kind, agency, role, extra)
USERS = [
    ("gx_admin", "韦志强", "official", "广西壮族自治区应急管理厅", "admin", {"cert": "GX45000001"}),
    ("nn_official", "黄海燕", "official", "南宁市应急管理局", "inspector", {"cert": "GX45010023"}),
    ("nn_inspector2", "陆建明", "official", "南宁市应急管理局", "inspector", {"cert": "GX45010031"}),
    ("nn_leader", "覃国华", "official", "南宁市应急管理局", "leader", {"cert": "GX45010002"}),
    ("nn_legal", "莫晓雯", "official", "南宁市应急管理局", "legal", {}),
    ("lz_official", "蓝文斌", "official", "柳州市应急管理局", "inspector", {"cert": "GX45020017"}),
    ("nn_construction", "梁秀英", "official", "南宁市住房城乡建设局", "inspector", {"cert": "GX45010311"}),
    ("xn_official", "潘志勇", "official", "兴宁区应急管理局", "inspector", {"cert": "GX45010208"}),
    ("xingxian_official", "刘亚军", "official", "兴县应急管理局", "inspector", {"cert": "SX14112301"}),
    (
        "expert1",
        "王振宇",
        "expert",
        None,
        "",
        {"specialties": ["hazchem", "dust_explosion"], "org": "广西安全工程职业技术学院"},
    ),
    (
        "expert2",
        "李红梅",
        "expert",
        None,
        "",
        {"specialties": ["construction", "special_equipment"], "org": "南宁市建筑安全协会"},
    ),
]


@transaction.atomic
def load_accounts_demo() -> None:
    """The demo agencies, officials and experts, and the back-office superuser `admin`."""
    agencies = {}
    for name, kind, region_code, comprehensive, industry_codes, parent in AGENCIES:
        region = Region.objects.get(code=region_code)
        agency, _ = Agency.objects.update_or_create(
            region=region,
            name=name,
            defaults={"kind": kind, "comprehensive": comprehensive, "parent": agencies.get(parent)},
        )
        agency.industries.set(Industry.objects.filter(code__in=industry_codes))
        agencies[name] = agency

    today = date.today()
    for username, display, kind, agency_name, role, extra in USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.display_name = display
        user.kind = kind
        user.agency = agencies.get(agency_name) if agency_name else None
        user.role = role
        user.cert_number = extra.get("cert", "")
        user.cert_valid_until = date(today.year + 2, 12, 31) if extra.get("cert") else None
        user.organisation = extra.get("org", "")
        user.in_expert_pool = kind == "expert"
        # The region's administrator (gx_admin) manages the pool's experts on 用户管理.
        user.managed_by = user.agency or agencies["广西壮族自治区应急管理厅"]
        user.set_password(DEMO_PASSWORD)
        user.save()
        if extra.get("specialties"):
            user.specialties.set(Industry.objects.filter(code__in=extra["specialties"]))

    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@example.com", DEMO_PASSWORD, display_name="系统管理员", kind="official"
        )
