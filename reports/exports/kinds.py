"""What each list exports (下载中心): its records within the user's jurisdiction, filtered by the
list's own FilterSet (or a statistics drill-down), read with `values()` in primary-key batches and
turned into rows by plain functions — never one model object per row.

A column is (header, kind, width, value); `value(row)` takes the dict `values()` gives (plus the
lookups a batch prepares) and returns text, a number, a date or a datetime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.choices import SubmissionStatus
from campaigns.filters import SubmissionFilter
from campaigns.models import Submission
from enforcement.choices import BlacklistStatus, EnforcementKind, EnforcementStatus
from enforcement.filters import BlacklistFilter, EnforcementFilter
from enforcement.models import BlacklistEntry, EnforcementAction
from enterprises.choices import RiskGrade, SupervisionClass
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from hazards.choices import HazardCategory, HazardLevel, HazardSource, HazardStatus, SupervisionLevel
from hazards.filters import HazardFilter
from hazards.models import Hazard
from inspections.choices import InspectionKind, InspectionMethod, InspectionStatus
from inspections.filters import InspectionFilter
from inspections.models import Inspection


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # "text" | "number" | "money" | "date" | "datetime"
    width: int
    value: Callable[[dict], object]


def _label(choices) -> Callable[[str], str]:
    labels = dict(choices)
    return lambda code: str(labels.get(code, code or ""))


def _wan(amount) -> float | None:
    """元 → 万元 (4 decimals)."""
    return None if amount is None else round(float(Decimal(amount)) / 10000, 4)


def _overdue_days(row: dict) -> int | None:
    if row["status"] == HazardStatus.CLOSED or row["deadline"] is None:
        return None
    days = (timezone.localdate() - row["deadline"]).days
    return days if days > 0 else None


_TZ = ZoneInfo(settings.TIME_ZONE)


def _local(value):
    """A stored (UTC) time in Asia/Shanghai, without Django's per-call time-zone lookup."""
    return value.astimezone(_TZ) if value is not None else None


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: str
    source: str  # the statistics source of a drill-down (reports.statistics.figures.SOURCES)
    queryset: Callable[[object], object]  # user → scoped queryset
    filterset: type
    fields: list[str]
    columns: list[Column]
    filter_names: tuple[str, ...] = ()
    sheet: str = ""


_hazard_status = _label(HazardStatus.choices)
HAZARD_LEDGER = ExportKind(
    key="hazards",
    label=_("隐患台账"),
    source="hazard",
    queryset=lambda user: Hazard.objects.visible_to(user),
    filterset=HazardFilter,
    fields=[
        "id",
        "enterprise__name",
        "found_at",
        "source",
        "description",
        "location",
        "level",
        "category",
        "responsible_person",
        "measures",
        "deadline",
        "executor",
        "acceptor",
        "status",
        "closed_at",
        "funds_spent",
        "listed_level",
        "listed_doc_number",
    ],  # fmt: skip
    columns=[
        Column(_("序号"), "number", 7, lambda r: r["_n"]),
        Column(_("隐患编号"), "number", 9, lambda r: r["id"]),
        Column(_("企业名称"), "text", 26, lambda r: r["enterprise__name"]),
        Column(_("发现时间"), "datetime", 17, lambda r: _local(r["found_at"])),
        Column(_("来源"), "text", 12, lambda r, _l=_label(HazardSource.choices): _l(r["source"])),
        Column(_("隐患描述"), "text", 40, lambda r: r["description"]),
        Column(_("部位"), "text", 14, lambda r: r["location"]),
        Column(_("等级"), "text", 9, lambda r, _l=_label(HazardLevel.choices): _l(r["level"])),
        Column(_("类别"), "text", 9, lambda r, _l=_label(HazardCategory.choices): _l(r["category"])),
        Column(_("整改责任人"), "text", 10, lambda r: r["responsible_person"]),
        Column(_("整改措施"), "text", 30, lambda r: r["measures"]),
        Column(_("整改期限"), "date", 11, lambda r: r["deadline"]),
        Column(_("整改执行人"), "text", 10, lambda r: r["executor"]),
        Column(_("验收人"), "text", 10, lambda r: r["acceptor"]),
        Column(_("状态"), "text", 9, lambda r: _hazard_status(r["status"])),
        Column(_("销号时间"), "datetime", 17, lambda r: _local(r["closed_at"])),
        Column(_("投入资金（万元）"), "money", 10, lambda r: _wan(r["funds_spent"])),
        Column(_("挂牌督办"), "text", 10, lambda r, _l=_label(SupervisionLevel.choices): _l(r["listed_level"])),
        Column(_("督办文号"), "text", 18, lambda r: r["listed_doc_number"]),
        Column(_("逾期天数"), "number", 8, _overdue_days),
    ],
    sheet=_("隐患台账"),
)

ENTERPRISES = ExportKind(
    key="enterprises",
    label=_("企业底数"),
    source="enterprise",
    queryset=lambda user: Enterprise.objects.visible_to(user),
    filterset=EnterpriseFilter,
    fields=[
        "id",
        "uscc",
        "name",
        "region__code",
        "region__name",
        "address",
        "legal_representative",
        "principal",
        "principal_phone",
        "safety_manager",
        "risk_grade",
        "supervision_class",
        "licence_number",
        "licence_valid_until",
        "employees",
    ],  # fmt: skip
    columns=[
        Column(_("统一社会信用代码"), "text", 21, lambda r: r["uscc"]),
        Column(_("企业名称"), "text", 28, lambda r: r["name"]),
        Column(_("区划代码"), "text", 11, lambda r: r["region__code"]),
        Column(_("所在区划"), "text", 12, lambda r: r["region__name"]),
        Column(_("行业领域"), "text", 18, lambda r: r["_industries"]),
        Column(_("地址"), "text", 30, lambda r: r["address"]),
        Column(_("法定代表人"), "text", 10, lambda r: r["legal_representative"]),
        Column(_("主要负责人"), "text", 10, lambda r: r["principal"]),
        Column(_("联系电话"), "text", 13, lambda r: r["principal_phone"]),
        Column(_("安全管理人员"), "text", 10, lambda r: r["safety_manager"]),
        Column(_("风险等级"), "text", 10, lambda r, _l=_label(RiskGrade.choices): _l(r["risk_grade"])),
        Column(_("监管分类"), "text", 10, lambda r, _l=_label(SupervisionClass.choices): _l(r["supervision_class"])),
        Column(_("安全生产许可证"), "text", 22, lambda r: r["licence_number"]),
        Column(_("许可证有效期至"), "date", 12, lambda r: r["licence_valid_until"]),
        Column(_("从业人数"), "number", 8, lambda r: r["employees"]),
    ],
    sheet=_("企业底数"),
)

INSPECTIONS = ExportKind(
    key="inspections",
    label=_("检查记录"),
    source="inspection",
    queryset=lambda user: Inspection.objects.visible_to(user),
    filterset=InspectionFilter,
    fields=[
        "id",
        "doc_number",
        "enterprise__name",
        "kind",
        "method",
        "status",
        "agency__name",
        "campaign__title",
        "planned_start",
        "planned_end",
        "submitted_at",
        "conclusion",
    ],  # fmt: skip
    columns=[
        Column(_("编号"), "number", 8, lambda r: r["id"]),
        Column(_("文书编号"), "text", 18, lambda r: r["doc_number"]),
        Column(_("企业名称"), "text", 26, lambda r: r["enterprise__name"]),
        Column(_("检查类型"), "text", 11, lambda r, _l=_label(InspectionKind.choices): _l(r["kind"])),
        Column(_("检查方式"), "text", 10, lambda r, _l=_label(InspectionMethod.choices): _l(r["method"])),
        Column(_("状态"), "text", 8, lambda r, _l=_label(InspectionStatus.choices): _l(r["status"])),
        Column(_("检查部门"), "text", 18, lambda r: r["agency__name"]),
        Column(_("专项行动"), "text", 26, lambda r: r["campaign__title"]),
        Column(_("计划开始"), "date", 11, lambda r: r["planned_start"]),
        Column(_("计划结束"), "date", 11, lambda r: r["planned_end"]),
        Column(_("提交时间"), "datetime", 17, lambda r: _local(r["submitted_at"])),
        Column(_("检查结论"), "text", 36, lambda r: r["conclusion"]),
    ],
    sheet=_("检查记录"),
)

ENFORCEMENT = ExportKind(
    key="enforcement",
    label=_("执法措施"),
    source="enforcement",
    queryset=lambda user: EnforcementAction.objects.visible_to(user),
    filterset=EnforcementFilter,
    fields=[
        "id",
        "doc_number",
        "enterprise__name",
        "kind",
        "status",
        "amount",
        "agency__name",
        "legal_basis",
        "created_at",
        "effective_at",
    ],  # fmt: skip
    columns=[
        Column(_("编号"), "number", 8, lambda r: r["id"]),
        Column(_("文书编号"), "text", 18, lambda r: r["doc_number"]),
        Column(_("企业名称"), "text", 26, lambda r: r["enterprise__name"]),
        Column(_("措施类型"), "text", 14, lambda r, _l=_label(EnforcementKind.choices): _l(r["kind"])),
        Column(_("状态"), "text", 12, lambda r, _l=_label(EnforcementStatus.choices): _l(r["status"])),
        Column(_("罚款金额（万元）"), "money", 10, lambda r: _wan(r["amount"])),
        Column(_("执法部门"), "text", 18, lambda r: r["agency__name"]),
        Column(_("法律依据"), "text", 30, lambda r: r["legal_basis"]),
        Column(_("作出时间"), "datetime", 17, lambda r: _local(r["created_at"])),
        Column(_("生效时间"), "datetime", 17, lambda r: _local(r["effective_at"])),
    ],
    sheet=_("执法措施"),
)

BLACKLIST = ExportKind(
    key="blacklist",
    label=_("黑名单"),
    source="",
    queryset=lambda user: BlacklistEntry.objects.visible_to(user),
    filterset=BlacklistFilter,
    fields=[
        "id",
        "enterprise__name",
        "agency__name",
        "status",
        "noticed_on",
        "listed_on",
        "term_until",
        "ended_on",
        "reason",
    ],
    columns=[
        Column(_("编号"), "number", 8, lambda r: r["id"]),
        Column(_("企业名称"), "text", 26, lambda r: r["enterprise__name"]),
        Column(_("列入部门"), "text", 18, lambda r: r["agency__name"]),
        Column(_("状态"), "text", 10, lambda r, _l=_label(BlacklistStatus.choices): _l(r["status"])),
        Column(_("告知日期"), "date", 11, lambda r: r["noticed_on"]),
        Column(_("列入日期"), "date", 11, lambda r: r["listed_on"]),
        Column(_("期满日期"), "date", 11, lambda r: r["term_until"]),
        Column(_("移出日期"), "date", 11, lambda r: r["ended_on"]),
        Column(_("列入事由"), "text", 36, lambda r: r["reason"]),
    ],
    sheet=_("黑名单"),
)


def _submission_status(row: dict) -> str:
    if row["submitted_at"]:
        return str(SubmissionStatus.SUBMITTED.label)
    overdue = row["due_date"] < date.today()
    return str((SubmissionStatus.OVERDUE if overdue else SubmissionStatus.PENDING).label)


SUBMISSIONS = ExportKind(
    key="submissions",
    label=_("报送情况"),
    source="",
    queryset=lambda user: Submission.objects.visible_to(user),
    filterset=SubmissionFilter,
    fields=[
        "id",
        "requirement__campaign__title",
        "requirement__title",
        "agency__name",
        "enterprise__name",
        "period_label",
        "due_date",
        "submitted_at",
    ],  # fmt: skip
    columns=[
        Column(_("专项行动"), "text", 26, lambda r: r["requirement__campaign__title"]),
        Column(_("报送内容"), "text", 22, lambda r: r["requirement__title"]),
        Column(_("报送单位"), "text", 24, lambda r: r["agency__name"] or r["enterprise__name"]),
        Column(_("期次"), "text", 12, lambda r: r["period_label"]),
        Column(_("截止日期"), "date", 11, lambda r: r["due_date"]),
        Column(_("状态"), "text", 8, _submission_status),
        Column(_("报送时间"), "datetime", 17, lambda r: _local(r["submitted_at"])),
    ],
    sheet=_("报送情况"),
)

KINDS: dict[str, ExportKind] = {
    k.key: k for k in (HAZARD_LEDGER, ENTERPRISES, INSPECTIONS, ENFORCEMENT, BLACKLIST, SUBMISSIONS)
}

#: Parameters a list page may carry that are not filters of its FilterSet.
NON_FILTERS = {"page", "tab", "format", "stat", "period", "own", "campaign", "region", "industry"}


def as_querydict(filters: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in (filters or {}).items():
        for item in value if isinstance(value, list) else [value]:
            query.appendlist(key, str(item))
    return query
