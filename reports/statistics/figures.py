"""ONE definition per figure of the statistics forms (统计报表), the campaign targets and the
dashboards: what is counted, from which records, in Chinese for the glossary (/reports/glossary/).

A figure is a filter on one kind of record (a `Source`) plus an aggregate. Every figure of a
source is counted in ONE SQL query per block (`blocks.compute`), for every row of a form at once
(conditional aggregates, one per figure and row); the drill-down list of a figure is the same
filter (`rows_of`), so the number and the list can never disagree. A rate is never stored: it is
derived from its two counts wherever it is shown. The hazard figures are `HazardSpec`s, counted from
the hazard rollup (statistics.rollup explains how, and which hazards are still counted live).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from checklists.choices import HazardLevel
from enforcement.choices import EnforcementKind, EnforcementStatus
from enterprises.models import Enterprise
from hazards.choices import HazardStatus, SupervisionLevel
from inspections.choices import InspectionKind, InspectionStatus

from .rollup import HazardSpec
from .scope import StatScope
from .sources import SOURCES

DONE = (InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED)


@dataclass(frozen=True)
class Figure:
    """One figure: `where(scope)` selects the records it counts among its source's rows; `agg` is
    "count" (rows), "distinct:<field>" (distinct values) or "sum:<field>:<divisor>"."""

    key: str
    label: str
    unit: str
    source: str
    glossary: str
    where: Callable[[StatScope], Q]
    agg: str = "count"

    def aggregate(self, q: Q):
        if self.agg == "count":
            return Count("id", filter=q, distinct=self.source == "group")
        kind, _sep, rest = self.agg.partition(":")
        if kind == "distinct":
            return Count(rest, filter=q, distinct=True)
        field, _sep, _divisor = rest.partition(":")
        return Sum(field, filter=q)

    def finish(self, value):
        """The value as shown: sums divided into their unit (元 → 万元, 4 decimals)."""
        if self.agg.startswith("sum:"):
            divisor = int(self.agg.split(":")[2] or 1)
            return round(float(value or 0) / divisor, 4)
        return int(value or 0)

    @property
    def spec(self) -> HazardSpec | None:
        """A hazard figure's definition, read from the hazard rollup (statistics.rollup)."""
        return self.where if isinstance(self.where, HazardSpec) else None

    @property
    def drill_source(self) -> str:
        """The list a click on the figure opens: a distinct count of enterprises lists the
        enterprises (as many rows as the number), anything else the records it counts."""
        return "enterprise" if self.agg == "distinct:enterprise" else self.source

    @property
    def drillable(self) -> bool:
        return (
            bool(SOURCES[self.drill_source].list_url)
            and self.agg in ("count", "distinct:enterprise")
            or (self.agg.startswith("sum:") and bool(SOURCES[self.source].list_url))
        )


@dataclass(frozen=True)
class Rate:
    """A percentage derived from two figures (never stored, never summed)."""

    key: str
    label: str
    numerator: str
    denominator: str
    glossary: str
    unit: str = "%"


# --- the filters -------------------------------------------------------------------------------


# Hazard figures are HazardSpecs (statistics.rollup): one definition read from the hazard rollup
# and, for the drill-down lists and the hazards in a bucket a period's bound cuts, from the hazards.
H = HazardSpec
MAJOR, GENERAL = HazardLevel.MAJOR, HazardLevel.GENERAL


def _done(s: StatScope) -> Q:
    return Q(status__in=DONE) & s.within("submitted_at")


def _effective(s: StatScope, kind: str | None = None) -> Q:
    q = Q(status=EnforcementStatus.EFFECTIVE) & s.within("effective_at")
    return q & Q(kind=kind) if kind else q


def _groups_formed(s: StatScope) -> Q:
    return Q(created_at__lt=s.end_dt)


PERIOD_NOTE = _("统计期内")
F = Figure
FIGURES: dict[str, Figure] = {
    f.key: f
    for f in [
        # 成立检查组
        F(
            "groups",
            _("检查组"),
            _("个"),
            "group",
            _(
                "截至统计期末，本单位及下级部门为该专项行动（含实施方案）成立的检查组（巡查组）数，按组建部门所在区划归属。"
            ),
            _groups_formed,
        ),
        F(
            "group_members",
            _("检查组成员"),
            _("人"),
            "group",
            _("上述检查组的成员人次（组长、副组长、成员、专家）。"),
            _groups_formed,
            "distinct:members__id",
        ),
        F(
            "group_experts",
            _("参加专家"),
            _("人"),
            "group",
            _("上述检查组中职务为“专家”的不同人员数。"),
            lambda s: _groups_formed(s) & Q(members__role="expert"),
            "distinct:members__user",
        ),
        # 督查监管部门情况
        F(
            "enterprises_in_scope",
            _("应检查企业"),
            _("家"),
            "enterprise",
            _("专项行动范围（区划 × 行业）内、本单位辖区内的企业数，取自企业底数（现状）。"),
            lambda s: Q(),
        ),
        F(
            "enterprises_inspected",
            _("已检查企业"),
            _("家"),
            "inspection",
            _("统计期内有监管部门检查（不含企业自查）提交或审核完成的不同企业数。"),
            lambda s: _done(s) & ~Q(kind=InspectionKind.SELF),
            "distinct:enterprise",
        ),
        F(
            "enterprises_self_inspected",
            _("开展自查的企业"),
            _("家"),
            "inspection",
            _("统计期内提交了企业自查的不同企业数。"),
            lambda s: _done(s) & Q(kind=InspectionKind.SELF),
            "distinct:enterprise",
        ),
        F(
            "inspecting_agencies",
            _("开展检查的部门"),
            _("个"),
            "inspection",
            _("统计期内完成过检查（不含企业自查）的不同部门数。"),
            lambda s: _done(s) & ~Q(kind=InspectionKind.SELF),
            "distinct:agency",
        ),
        *[
            F(
                f"inspections_{kind.value}",
                kind.label,
                _("次"),
                "inspection",
                _("统计期内提交或审核完成的“%(k)s”次数（提交时间在统计期内）。") % {"k": kind.label},
                (lambda k: lambda s: _done(s) & Q(kind=k))(kind.value),
            )
            for kind in (
                InspectionKind.SELF,
                InspectionKind.ENFORCEMENT,
                InspectionKind.PATROL,
                InspectionKind.SPOT_CHECK,
                InspectionKind.LOOK_BACK,
                InspectionKind.EXPERT,
                InspectionKind.INTERVIEW,
            )
        ],
        # 企业隐患排查整治进展情况
        F(
            "hazards_found",
            _("排查隐患"),
            _("项"),
            "hazard",
            _("发现时间在统计期内的隐患（检查发现、表外发现、企业自查自报、群众举报核实），含立即整改的。"),
            H(),
        ),
        F(
            "hazards_rectified",
            _("已整改"),
            _("项"),
            "hazard",
            _("上述隐患中在统计期末前已验收销号的。"),
            H(closed="by_end"),
        ),
        F("general_found", _("一般隐患"), _("项"), "hazard", _("统计期内发现的一般隐患。"), H(level=GENERAL)),
        F(
            "general_rectified",
            _("一般隐患已整改"),
            _("项"),
            "hazard",
            _("统计期内发现、统计期末前已销号的一般隐患。"),
            H(closed="by_end", level=GENERAL),
        ),
        F(
            "major_found",
            _("重大隐患"),
            _("项"),
            "hazard",
            _("统计期内发现的重大事故隐患（按检查项的重大隐患判定标准或检查人员认定）。"),
            H(level=MAJOR),
        ),
        F(
            "major_rectified",
            _("重大隐患已整改"),
            _("项"),
            "hazard",
            _("统计期内发现、统计期末前已销号的重大隐患。"),
            H(closed="by_end", level=MAJOR),
        ),
        F(
            "hazards_overdue",
            _("逾期未整改"),
            _("项"),
            "hazard",
            _("统计期内发现、统计期末仍未销号且整改期限早于统计期末的隐患。"),
            H(closed="open_at_end", deadline_before_end=True),
        ),
        F(
            "hazards_immediate",
            _("立即整改"),
            _("项"),
            "hazard",
            _("统计期内发现、登记为立即整改的隐患。"),
            H(immediate=True),
        ),
        F(
            "hazards_closed",
            _("销号隐患"),
            _("项"),
            "hazard",
            _("销号（验收通过）时间在统计期内的隐患，不论何时发现（数据驾驶舱月度趋势的“销号”）。"),
            H(found=False, closed="in_period"),
        ),
        *[
            F(
                f"status_{status.value}",
                status.label,
                _("项"),
                "hazard",
                _("统计期内发现、当前状态为“%(s)s”的隐患（按现状，各状态之和等于排查隐患）。") % {"s": status.label},
                H(status=status.value),
            )
            for status in HazardStatus
        ],
        F(
            "funds_spent",
            _("落实治理资金"),
            _("万元"),
            "hazard",
            _("统计期内发现、统计期末前已销号的隐患的实际投入资金之和（元 ÷ 10000）。"),
            H(closed="by_end", agg="funds"),
            "sum:funds_spent:10000",
        ),
        F(
            "major_planned",
            _("列入治理计划的重大隐患"),
            _("项"),
            "hazard",
            _("统计期内发现的重大隐患中，五到位（措施、责任、资金、时限、预案）均已登记的。"),
            H(level=MAJOR, plan=("measures", "responsibility", "funds_planned", "deadline", "contingency_plan")),
        ),
        F(
            "plan_targets",
            _("落实目标任务"),
            _("项"),
            "hazard",
            _("统计期内发现的重大隐患中已登记整改措施（目标任务）的。"),
            H(level=MAJOR, plan=("measures",)),
        ),
        F(
            "plan_funds",
            _("落实经费物资"),
            _("项"),
            "hazard",
            _("统计期内发现的重大隐患中已登记整改资金的。"),
            H(level=MAJOR, plan=("funds_planned",)),
        ),
        F(
            "plan_people",
            _("落实机构人员"),
            _("项"),
            "hazard",
            _("统计期内发现的重大隐患中已登记责任落实（机构人员）的。"),
            H(level=MAJOR, plan=("responsibility",)),
        ),
        F(
            "plan_deadline",
            _("落实时间要求"),
            _("项"),
            "hazard",
            _("统计期内发现的重大隐患中已定整改期限的。"),
            H(level=MAJOR, plan=("deadline",)),
        ),
        F(
            "plan_safety",
            _("落实安全措施应急预案"),
            _("项"),
            "hazard",
            _("统计期内发现的重大隐患中已登记应急预案的。"),
            H(level=MAJOR, plan=("contingency_plan",)),
        ),
        F(
            "listed",
            _("挂牌督办"),
            _("项"),
            "hazard",
            _("统计期内发现、统计期末前已挂牌督办的隐患（任何级别）。"),
            H(listed="any"),
        ),
        *[
            F(
                f"listed_{level.value}",
                level.label,
                _("项"),
                "hazard",
                _("统计期内发现、统计期末前由%(l)s督办的隐患。") % {"l": level.label},
                H(listed=level.value),
            )
            for level in (SupervisionLevel.PROVINCE, SupervisionLevel.CITY, SupervisionLevel.COUNTY)
        ],
        # 执法
        *[
            F(
                f"enforcement_{kind.value}",
                kind.label,
                _("次"),
                "enforcement",
                _("统计期内生效（重大决定经法制审核通过）的“%(k)s”执法措施数。") % {"k": kind.label},
                (lambda k: lambda s: _effective(s, k))(kind.value),
            )
            for kind in EnforcementKind
        ],
        F(
            "fine_amount",
            _("罚款金额"),
            _("万元"),
            "enforcement",
            _("统计期内生效的罚款金额之和（元 ÷ 10000）。"),
            lambda s: _effective(s, EnforcementKind.FINE),
            "sum:amount:10000",
        ),
    ]
}

RATES: dict[str, Rate] = {
    r.key: r
    for r in [
        Rate(
            "coverage_rate",
            _("检查覆盖率"),
            "enterprises_inspected",
            "enterprises_in_scope",
            _("已检查企业 ÷ 应检查企业 × 100%。"),
        ),
        Rate("rectification_rate", _("整改率"), "hazards_rectified", "hazards_found", _("已整改 ÷ 排查隐患 × 100%。")),
        Rate(
            "general_rate",
            _("一般隐患整改率"),
            "general_rectified",
            "general_found",
            _("一般隐患已整改 ÷ 一般隐患 × 100%。"),
        ),
        Rate(
            "major_rate", _("重大隐患整改率"), "major_rectified", "major_found", _("重大隐患已整改 ÷ 重大隐患 × 100%。")
        ),
    ]
}


def rate_value(numerator, denominator) -> float | None:
    """The percentage with one decimal; None (shown “—”) when the denominator is zero or missing."""
    if not denominator or numerator is None:
        return None
    return round(float(numerator) * 100 / float(denominator), 1)


def rows_of(key: str, scope: StatScope):
    """The records a figure counts (the drill-down list): the same filter as the count. For a
    distinct count of enterprises, those enterprises; for a sum, the records summed."""
    figure = FIGURES[key]
    qs = SOURCES[figure.source].base(scope).filter(figure.where(scope))
    if figure.agg == "distinct:enterprise":
        return Enterprise.objects.filter(pk__in=qs.values("enterprise_id"))
    return qs.distinct() if figure.source == "group" else qs


def glossary() -> list[dict]:
    """Every figure and rate with its unit and definition, grouped by the records it counts."""
    out = []
    for source in SOURCES.values():
        out.append(
            {
                "source": source.label,
                "figures": [f for f in FIGURES.values() if f.source == source.key],
            }
        )
    out.append({"source": _("比率"), "figures": list(RATES.values())})
    return out
