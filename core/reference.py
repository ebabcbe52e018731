"""Reference data: the industry tree (domain.md) and the demo region tree (GB/T 2260 codes)."""

from __future__ import annotations

from django.db import transaction

from .models import Industry, Region

# (code, name, parent code, high-risk, key industry)
INDUSTRIES: list[tuple[str, str, str | None, bool, bool]] = [
    ("coal", "煤矿", None, True, True),
    ("non_coal_mine", "非煤矿山", None, True, True),
    ("hazchem", "危险化学品", None, True, True),
    ("fireworks", "烟花爆竹", None, True, True),
    ("explosives", "民用爆炸物品", None, True, True),
    ("construction", "建筑施工", None, True, True),
    ("major_project", "重大工程", None, False, True),
    ("transport", "交通运输", None, False, True),
    ("road_transport", "道路运输", "transport", True, True),
    ("water_transport", "水上交通", "transport", False, True),
    ("fire", "消防/人员密集场所", None, False, True),
    ("industry_trade", "工贸", None, False, True),
    ("metallurgy", "冶金", "industry_trade", True, True),
    ("nonferrous", "有色", "industry_trade", True, True),
    ("building_materials", "建材", "industry_trade", False, False),
    ("machinery", "机械", "industry_trade", False, False),
    ("light_industry", "轻工", "industry_trade", False, False),
    ("textile", "纺织", "industry_trade", False, False),
    ("tobacco", "烟草", "industry_trade", False, False),
    ("commerce", "商贸", "industry_trade", False, False),
    ("dust_explosion", "粉尘涉爆", "industry_trade", True, True),
    ("confined_space", "有限空间", "industry_trade", False, True),
    ("ammonia_refrigeration", "涉氨制冷", "industry_trade", True, True),
    ("special_equipment", "特种设备", None, False, True),
    ("gas", "燃气", None, True, True),
    ("tourism", "文化旅游", None, False, False),
]

# (code, name, level, parent code)
REGIONS: list[tuple[str, str, str, str | None]] = [
    ("450000", "广西壮族自治区", "province", None),
    ("450100", "南宁市", "city", "450000"),
    ("450102", "兴宁区", "county", "450100"),
    ("450102001", "民生街道", "township", "450102"),
    ("450102002", "朝阳街道", "township", "450102"),
    ("450102100", "三塘镇", "township", "450102"),
    ("450103", "青秀区", "county", "450100"),
    ("450103001", "新竹街道", "township", "450103"),
    ("450103002", "中山街道", "township", "450103"),
    ("450103100", "刘圩镇", "township", "450103"),
    ("450200", "柳州市", "city", "450000"),
    ("450202", "城中区", "county", "450200"),
    ("450202001", "城中街道", "township", "450202"),
    ("450202002", "公园街道", "township", "450202"),
    ("450203", "鱼峰区", "county", "450200"),
    ("450203001", "天马街道", "township", "450203"),
    ("450203100", "里雍镇", "township", "450203"),
    ("440000", "广东省", "province", None),
    ("441500", "汕尾市", "city", "440000"),
    ("441502", "城区", "county", "441500"),
    ("441502001", "新港街道", "township", "441502"),
    ("441502002", "香洲街道", "township", "441502"),
    ("140000", "山西省", "province", None),
    ("141100", "吕梁市", "city", "140000"),
    ("141123", "兴县", "county", "141100"),
    ("141123100", "蔚汾镇", "township", "141123"),
    ("141123101", "魏家滩镇", "township", "141123"),
    ("320000", "江苏省", "province", None),
    ("320600", "南通市", "city", "320000"),
    ("320671", "南通经济技术开发区", "county", "320600"),
    ("320671001", "竹行街道", "township", "320671"),
    ("320671002", "小海街道", "township", "320671"),
    ("320671003", "老洪港", "township", "320671"),
]


@transaction.atomic
def load_reference() -> None:
    """Create or update the industry tree and the demo regions (idempotent)."""
    for code, name, parent, high_risk, key in INDUSTRIES:
        obj = Industry.objects.filter(code=code).first() or Industry(code=code)
        obj.name, obj.high_risk, obj.key = name, high_risk, key
        obj.parent = Industry.objects.get(code=parent) if parent else None
        obj.save()
    for code, name, level, parent in REGIONS:
        obj = Region.objects.filter(code=code).first() or Region(code=code)
        obj.name, obj.level = name, level
        obj.parent = Region.objects.get(code=parent) if parent else None
        obj.save()
