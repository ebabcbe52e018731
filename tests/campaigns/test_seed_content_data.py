from __future__ import annotations

# Checks of the campaign data transcribed from the five seed documents (the checklists' are in
# tests/checklists/test_seed_content_data.py).
# Plain data tests: no database and no Django models. The expected strings are copied from the
# seeds by hand so that a drift in the data modules shows up here.
from datetime import date

import pytest

from campaigns.seed_content.campaigns import CAMPAIGNS
from tests.checklists.test_seed_content_data import INDUSTRY_CODES

CAMPAIGN_KINDS = {"special", "patrol", "big_inspection", "enforcement_year"}
INDICATORS = {
    "principal_training_rate",
    "certified_personnel_rate",
    "inspection_coverage",
    "hazard_rectification_rate",
    "major_hazard_closure_rate",
    "self_inspection_rate",
    "spot_check_rate",
    "system_usage_rate",
    None,
}
RECURRENCES = {"once", "monthly", "quarterly", "half_year", "annual"}
SUBMITTERS = {"enterprises", "lower_agencies"}
REGION_BY_SEED = {
    "000": "450000",
    "001": "441500",
    "002": "450000",
    "003": "320671",
    "004": "141123",
}

CAMPAIGN_KEYS = {
    "seed",
    "title",
    "doc_number",
    "issuer",
    "issue_date",
    "kind",
    "region_code",
    "industries",
    "period_start",
    "period_end",
    "summary",
    "phases",
    "targets",
    "tasks",
    "report_requirements",
    "groups_rule",
}
PHASE_KEYS = {"name", "start", "end", "description"}
TARGET_KEYS = {"name", "indicator", "target_value"}
TASK_KEYS = {"title", "description", "lead", "cooperating", "deadline"}
REPORT_KEYS = {"title", "recurrence", "due_date", "day_of_month", "submitters", "stat_form"}
GROUPS_RULE_KEYS = {
    "min_size",
    "max_size",
    "leaders",
    "deputies",
    "visits_per_month",
    "days_min",
    "days_max",
}


def _campaign(seed: str) -> dict:
    return next(c for c in CAMPAIGNS if c["seed"] == seed)


def _is_date_or_none(value: object) -> bool:
    return value is None or (isinstance(value, date) and not hasattr(value, "hour"))


# --- campaigns: structure ----------------------------------------------------------------


def test_there_is_one_campaign_per_seed() -> None:
    assert [c["seed"] for c in CAMPAIGNS] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("campaign", CAMPAIGNS, ids=lambda c: c["seed"])
def test_campaign_has_exactly_the_required_keys(campaign: dict) -> None:
    assert set(campaign) == CAMPAIGN_KEYS
    for phase in campaign["phases"]:
        assert set(phase) == PHASE_KEYS
    for target in campaign["targets"]:
        assert set(target) == TARGET_KEYS
    for task in campaign["tasks"]:
        assert set(task) == TASK_KEYS
    for report in campaign["report_requirements"]:
        assert set(report) == REPORT_KEYS
    if campaign["groups_rule"] is not None:
        assert set(campaign["groups_rule"]) == GROUPS_RULE_KEYS


@pytest.mark.parametrize("campaign", CAMPAIGNS, ids=lambda c: c["seed"])
def test_campaign_codes_come_from_the_allowed_sets(campaign: dict) -> None:
    assert campaign["kind"] in CAMPAIGN_KINDS
    assert campaign["region_code"] == REGION_BY_SEED[campaign["seed"]]
    assert set(campaign["industries"]) <= INDUSTRY_CODES
    assert len(campaign["industries"]) == len(set(campaign["industries"]))
    for target in campaign["targets"]:
        assert target["indicator"] in INDICATORS
        value = target["target_value"]
        assert value is None or 0 < value <= 100
    for report in campaign["report_requirements"]:
        assert report["recurrence"] in RECURRENCES
        assert report["submitters"] in SUBMITTERS


@pytest.mark.parametrize("campaign", CAMPAIGNS, ids=lambda c: c["seed"])
def test_campaign_texts_are_filled_where_the_seed_has_them(campaign: dict) -> None:
    assert campaign["title"]
    assert campaign["summary"]
    for phase in campaign["phases"]:
        assert phase["name"] and phase["description"]
    for target in campaign["targets"]:
        assert target["name"]
    for task in campaign["tasks"]:
        assert task["title"] and task["description"] and task["lead"]
        assert all(isinstance(body, str) and body for body in task["cooperating"])
        assert task["lead"] not in task["cooperating"]
    for report in campaign["report_requirements"]:
        assert report["title"]


@pytest.mark.parametrize("campaign", CAMPAIGNS, ids=lambda c: c["seed"])
def test_campaign_dates_are_dates_and_ordered(campaign: dict) -> None:
    start, end = campaign["period_start"], campaign["period_end"]
    assert _is_date_or_none(campaign["issue_date"])
    assert _is_date_or_none(start) and _is_date_or_none(end)
    assert (start is None) == (end is None)
    if start is not None:
        assert start <= end
    for task in campaign["tasks"]:
        assert _is_date_or_none(task["deadline"])
    for report in campaign["report_requirements"]:
        assert _is_date_or_none(report["due_date"])


CAMPAIGNS_WITH_PHASES = [c for c in CAMPAIGNS if c["phases"]]
CAMPAIGNS_WITH_REPORTS = [c for c in CAMPAIGNS if c["report_requirements"]]


def test_only_seeds_001_and_004_divide_their_campaign_into_phases() -> None:
    """The seeds 000, 002 and 003 name no phases; the checks of phases below run on the two others."""
    assert [c["seed"] for c in CAMPAIGNS_WITH_PHASES] == ["001", "004"]
    assert all(c["phases"] == [] for c in CAMPAIGNS if c not in CAMPAIGNS_WITH_PHASES)


@pytest.mark.parametrize("campaign", CAMPAIGNS_WITH_PHASES, ids=lambda c: c["seed"])
def test_phases_are_ordered_inside_the_period_and_do_not_overlap(
    campaign: dict,
) -> None:
    phases = campaign["phases"]
    assert phases and campaign["period_start"] is not None and campaign["period_end"] is not None
    previous_end = None
    for phase in phases:
        assert isinstance(phase["start"], date) and isinstance(phase["end"], date)
        assert phase["start"] <= phase["end"]
        assert campaign["period_start"] <= phase["start"]
        assert phase["end"] <= campaign["period_end"]
        if previous_end is not None:
            assert phase["start"] > previous_end
        previous_end = phase["end"]


def test_only_seed_003_asks_for_no_reports() -> None:
    assert [c["seed"] for c in CAMPAIGNS if c not in CAMPAIGNS_WITH_REPORTS] == ["003"]
    assert _campaign("003")["report_requirements"] == []


@pytest.mark.parametrize("campaign", CAMPAIGNS_WITH_REPORTS, ids=lambda c: c["seed"])
def test_report_requirements_are_consistent(campaign: dict) -> None:
    """A one-off report has a due date and no day of the month; only a monthly one has a day."""
    reports = campaign["report_requirements"]
    assert reports
    for report in reports:
        assert (report["recurrence"] == "once") == (report["due_date"] is not None), report["title"]
        day = report["day_of_month"]
        assert day is None or (report["recurrence"] == "monthly" and 1 <= day <= 31), report["title"]


def test_only_seed_000_states_a_groups_rule() -> None:
    assert [c["seed"] for c in CAMPAIGNS if c["groups_rule"] is not None] == ["000"]
    rule = _campaign("000")["groups_rule"]
    assert rule == {
        "min_size": 4,
        "max_size": 6,
        "leaders": 1,
        "deputies": 2,
        "visits_per_month": 2,
        "days_min": 3,
        "days_max": 5,
    }
    assert rule["leaders"] + rule["deputies"] <= rule["min_size"] <= rule["max_size"]


def test_seed_003_has_no_dates_and_no_phases() -> None:
    campaign = _campaign("003")
    assert campaign["period_start"] is None
    assert campaign["period_end"] is None
    assert campaign["issue_date"] is None
    assert campaign["phases"] == []
    assert campaign["doc_number"] == ""


# --- campaigns: spot checks against the seeds -------------------------------------------


def test_seed_000_header_is_transcribed() -> None:
    campaign = _campaign("000")
    assert campaign["title"] == ("广西壮族自治区人民政府办公厅关于集中开展落实企业安全生产主体责任专项巡查行动的通知")
    assert campaign["doc_number"] == "桂政办电〔2018〕68号"
    assert campaign["issuer"] == "广西壮族自治区人民政府办公厅"
    assert campaign["issue_date"] == date(2018, 4, 11)
    assert campaign["kind"] == "patrol"
    assert (campaign["period_start"], campaign["period_end"]) == (
        date(2018, 4, 1),
        date(2018, 6, 30),
    )
    summary = campaign["report_requirements"][0]
    assert summary["due_date"] == date(2018, 7, 5)


def test_seed_001_phases_and_report_deadlines() -> None:
    campaign = _campaign("001")
    assert campaign["title"] == "汕尾市落实企业安全生产主体责任整治工作实施方案"
    assert [(p["name"], p["start"], p["end"]) for p in campaign["phases"]] == [
        ("动员部署阶段", date(2020, 7, 1), date(2020, 7, 31)),
        ("集中整治阶段", date(2020, 8, 1), date(2020, 11, 30)),
        ("总结提升阶段", date(2020, 12, 1), date(2020, 12, 31)),
    ]
    reports = {r["title"]: r for r in campaign["report_requirements"]}
    assert reports["本地区整治工作方案"]["due_date"] == date(2020, 7, 30)
    assert reports["当季度工作进展情况"]["recurrence"] == "quarterly"
    assert reports["年度工作总结"]["due_date"] == date(2020, 12, 28)


def test_seed_001_targets_are_the_seeds_kpis() -> None:
    targets = {t["name"]: t for t in _campaign("001")["targets"]}
    training = targets["重点行业领域企业主要负责人安全生产培训率100%"]
    assert training["indicator"] == "principal_training_rate"
    assert training["target_value"] == 100
    certified = targets["高危行业企业“三项岗位”人员持证上岗率100%"]
    assert certified["indicator"] == "certified_personnel_rate"
    share = targets["安全生产责任制及消防工作考核企业、部门分值占比均达到30%以上"]
    assert share["target_value"] == 30
    assert share["indicator"] is None


def test_seed_001_tasks_split_lead_and_cooperating_departments() -> None:
    tasks = {t["title"]: t for t in _campaign("001")["tasks"]}
    assert len(tasks) == 16
    training = tasks["实现重点行业领域企业主要负责人安全生产培训全覆盖"]
    assert training["lead"] == "市应急管理局"
    assert training["cooperating"][:4] == [
        "工业和信息化局",
        "住房城乡建设局",
        "交通运输局",
        "水务局",
    ]
    duties = tasks["明确安全生产监管职责"]
    assert (duties["lead"], duties["cooperating"]) == ("市委编办", ["市应急管理局"])
    credit = tasks["深化安全生产违法联合惩戒"]
    assert credit["lead"] == "各县（市、区）人民政府"
    assert credit["cooperating"][-2:] == ["人民银行汕尾市中心支行", "汕尾银保监分局"]


def test_seed_002_header_and_deadlines() -> None:
    campaign = _campaign("002")
    assert campaign["doc_number"] == "桂安委〔2020〕1号"
    assert campaign["issuer"] == "广西壮族自治区安全生产委员会"
    assert campaign["kind"] == "enforcement_year"
    assert campaign["phases"] == []
    due = sorted(r["due_date"] for r in campaign["report_requirements"] if r["due_date"])
    assert due == [date(2020, 2, 10), date(2020, 6, 30), date(2020, 12, 20)]
    monthly = [r for r in campaign["report_requirements"] if r["recurrence"] == "monthly"]
    assert [r["title"] for r in monthly] == ["检查发现的问题隐患清单"]


def test_seed_004_phases_keep_the_document_dates_in_the_text() -> None:
    campaign = _campaign("004")
    assert campaign["doc_number"] == "兴应急发〔2022〕18号"
    assert (campaign["period_start"], campaign["period_end"]) == (
        date(2022, 5, 2),
        date(2022, 11, 30),
    )
    assert [(p["name"], p["start"], p["end"]) for p in campaign["phases"]] == [
        ("全面部署发动阶段", date(2022, 5, 2), date(2022, 5, 10)),
        ("企业自查自纠阶段", date(2022, 5, 11), date(2022, 5, 31)),
        ("县级全面检查阶段", date(2022, 6, 1), date(2022, 8, 31)),
        ("市级督查检查阶段", date(2022, 9, 1), date(2022, 10, 31)),
        ("巩固提升“回头看”阶段", date(2022, 11, 1), date(2022, 11, 30)),
    ]
    assert campaign["phases"][1]["description"].startswith("（即日起-2022年5月底）")
    assert (
        "定整改责任人、定整改措施、定整改完成时间、定整改完成人、定整改验收人" in (campaign["phases"][1]["description"])
    )


def test_seed_004_reports_are_plan_monthly_23rd_and_summary() -> None:
    reports = _campaign("004")["report_requirements"]
    assert [(r["title"], r["recurrence"], r["due_date"], r["day_of_month"]) for r in reports] == [
        ("专项行动方案和安排部署情况", "once", date(2022, 5, 6), None),
        ("工作进展情况", "monthly", None, 23),
        ("专项行动工作总结", "once", date(2022, 11, 15), None),
    ]
    assert {r["submitters"] for r in reports} == {"enterprises"}
