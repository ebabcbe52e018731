"""Generated enterprises: names, valid unique 统一社会信用代码, industries, licences, risk grades, sizes,
their township or grid and their responsible bureau; and what the walk needs to know of them."""

from __future__ import annotations

import bisect
import itertools
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.uscc import make_uscc

from .copyload import NULL, esc
from .world import COUNTIES, World, local_dt, person

WORDS = ["宏达", "恒信", "鑫源", "华联", "永安", "昌盛", "利民", "兴旺", "金桥", "万通", "瑞丰", "德胜", "安泰"]
WORDS += ["中鼎", "汇丰", "新城", "顺发", "富民", "嘉禾", "广源", "盛世", "天成", "正大", "远航", "金穗", "桂华"]
#: (industry code, share, name suffix, licensed, extra industry sometimes held with it)
INDUSTRIES = [
    ("commerce", 22, "商贸有限公司", False, ""),
    ("light_industry", 14, "食品有限公司", False, "confined_space"),
    ("machinery", 13, "机械制造有限公司", False, "dust_explosion"),
    ("building_materials", 7, "建材有限公司", False, "dust_explosion"),
    ("construction", 10, "建筑工程有限公司", True, ""),
    ("fire", 8, "购物广场", False, ""),
    ("road_transport", 6, "运输有限公司", False, ""),
    ("hazchem", 5, "化工有限公司", True, ""),
    ("metallurgy", 3, "钢铁有限公司", False, "confined_space"),
    ("nonferrous", 2, "铝业有限公司", False, "dust_explosion"),
    ("dust_explosion", 3, "木业有限公司", False, ""),
    ("gas", 2, "燃气有限公司", True, ""),
    ("special_equipment", 2, "电梯工程有限公司", False, ""),
    ("non_coal_mine", 2, "矿业有限公司", True, ""),
    ("fireworks", 1, "烟花爆竹经营部", True, ""),
]
RISK = [("red", 3, 4.0), ("orange", 12, 2.5), ("yellow", 35, 1.5), ("blue", 50, 1.0)]
SUPERVISION = [("good", 20, 0.6), ("average", 65, 1.0), ("key", 15, 1.6)]
COLUMNS = [
    "id", "name", "uscc", "region_id", "region_path", "address", "legal_representative", "principal",
    "principal_phone", "principal_trained_on", "safety_manager", "safety_manager_phone", "contact_phone",
    "employees", "size", "licence_number", "licence_scope", "licence_valid_until", "risk_grade",
    "supervision_class", "responsible_agency_id", "grid_officer", "blacklisted", "created_at", "updated_at",
]  # fmt: skip
USCC_SPACE = 31**9


@dataclass
class Registry:
    """What later phases need to know of the generated enterprises, compactly (index = id - 1)."""

    leaf: array = field(default_factory=lambda: array("I"))  # index into World.leaves
    weight: list[float] = field(default_factory=list)  # cumulative inspection weight
    pair_enterprise: array = field(default_factory=lambda: array("I"))
    pair_industry: array = field(default_factory=lambda: array("I"))

    def pick(self, rng: random.Random) -> int:
        """An enterprise id, the riskier ones inspected more often."""
        return bisect.bisect(self.weight, rng.random() * self.weight[-1]) + 1


def _weighted(rng: random.Random, table):
    return rng.choices(table, weights=[t[1] for t in table])[0]


def enterprise_lines(
    count: int, world: World, industry_ids: dict[str, int], registry: Registry, seed: int, today: date, now: datetime
) -> Iterator[str]:
    rng = random.Random(f"{seed}:enterprises")
    cum_leaf = list(itertools.accumulate(leaf.weight for leaf in world.leaves))
    industry_cum = list(itertools.accumulate(t[1] for t in INDUSTRIES))
    multiplier = 2_147_483_647 % USCC_SPACE  # a prime: id → serial is one-to-one
    offset = rng.randrange(USCC_SPACE)
    total_weight = 0.0
    for eid in range(1, count + 1):
        li = bisect.bisect(cum_leaf, rng.random() * cum_leaf[-1])
        leaf = world.leaves[li]
        code, _share, suffix, licensed, extra = INDUSTRIES[bisect.bisect(industry_cum, rng.random() * industry_cum[-1])]
        risk, _s, risk_w = _weighted(rng, RISK)
        supervision, _s2, sup_w = _weighted(rng, SUPERVISION)
        employees = max(3, int(rng.lognormvariate(3.2, 1.1)))
        r = rng.random()
        county = COUNTIES[leaf.county]
        city_name = "南宁" if county.startswith("4501") else "柳州"
        name = f"{city_name}{WORDS[eid % len(WORDS)]}{WORDS[(eid // len(WORDS)) % len(WORDS)]}{suffix}"
        if eid >= len(WORDS) ** 2:
            name = name.replace("有限公司", f"{['第二', '新', '分'][eid % 3]}有限公司", 1)
        legal = person(eid * 3)
        safety = person(eid * 3 + 1)
        if licensed:
            valid = today + timedelta(days=int(r * 1000) - 90)  # about one in eleven expired
            licence = (
                f"（桂）WH安许证字〔{valid.year - 3}〕{eid % 100000:05d}",
                "生产、储存" if code == "hazchem" else "经营",
            )
        else:
            valid, licence = None, ("", "")
        registered = local_dt(today - timedelta(days=1100 + int(r * 3000)), 9 * 3600 + eid % 28000)
        registry.leaf.append(li)
        total_weight += risk_w * sup_w
        registry.weight.append(total_weight)
        registry.pair_enterprise.append(eid)
        registry.pair_industry.append(industry_ids[code])
        if extra and rng.random() < 0.3:
            registry.pair_enterprise.append(eid)
            registry.pair_industry.append(industry_ids[extra])
        yield (
            "\t".join(
                (
                    str(eid),
                    esc(name),
                    make_uscc(county, (eid * multiplier + offset) % USCC_SPACE),
                    str(leaf.id),
                    leaf.path,
                    f"广西壮族自治区{city_name}市{leaf.name}工业路{eid % 997 + 1}号",
                    legal,
                    legal,
                    f"13{(eid * 7919) % 10**9:09d}",
                    (today - timedelta(days=int(r * 700))).isoformat() if r < 0.75 else NULL,
                    safety,
                    f"15{(eid * 104729) % 10**9:09d}",
                    f"0771-{(eid * 31) % 10**7:07d}",
                    str(employees),
                    "above" if employees > 150 else "below",
                    licence[0],
                    licence[1],
                    valid.isoformat() if valid else NULL,
                    risk,
                    supervision,
                    str(world.county_agency[leaf.county]),
                    person(leaf.id * 13) if len(leaf.code) > 9 else "",
                    "f",
                    registered.isoformat(),
                    min(registered + timedelta(days=int(r * 900)), now).isoformat(),
                )
            )
            + "\n"
        )


def industry_lines(registry: Registry) -> Iterator[str]:
    pairs = zip(registry.pair_enterprise, registry.pair_industry, strict=True)
    for i, (eid, industry) in enumerate(pairs, start=1):
        yield f"{i}\t{eid}\t{industry}\n"
