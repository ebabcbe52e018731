from __future__ import annotations

# Checks of the campaign and checklist data transcribed from the five seed documents.
# Plain data tests: no database and no Django models. The expected strings are copied from the
# seeds by hand so that a drift in the data modules shows up here.
from datetime import date

import pytest

from campaigns.seed_content.campaigns import CAMPAIGNS
from campaigns.seed_content.checklists import TEMPLATES

INDUSTRY_CODES = {
    "coal",
    "non_coal_mine",
    "hazchem",
    "fireworks",
    "explosives",
    "construction",
    "major_project",
    "transport",
    "road_transport",
    "water_transport",
    "fire",
    "industry_trade",
    "metallurgy",
    "nonferrous",
    "building_materials",
    "machinery",
    "light_industry",
    "textile",
    "tobacco",
    "commerce",
    "dust_explosion",
    "confined_space",
    "ammonia_refrigeration",
    "special_equipment",
    "gas",
    "tourism",
}
CAMPAIGN_KINDS = {"special", "patrol", "big_inspection", "enforcement_year"}
INDICATORS = {
    "principal_training_rate",
    "certified_personnel_rate",
    "inspection_coverage",
    "hazard_rectification_rate",
    "major_hazard_closure_rate",
    "self_inspection_rate",
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
REPORT_KEYS = {"title", "recurrence", "due_date", "day_of_month", "submitters"}
GROUPS_RULE_KEYS = {
    "min_size",
    "max_size",
    "leaders",
    "deputies",
    "visits_per_month",
    "days_min",
    "days_max",
}
TEMPLATE_KEYS = {"code", "name", "source_seed", "kind", "description", "sections"}
SECTION_KEYS = {"title", "lead_department", "items"}
ITEM_KEYS = {
    "number",
    "text",
    "legal_basis",
    "industries",
    "answer_kind",
    "photo_required",
    "hazard_level",
    "major_criterion",
}


def _campaign(seed: str) -> dict:
    return next(c for c in CAMPAIGNS if c["seed"] == seed)


def _template(code: str) -> dict:
    return next(t for t in TEMPLATES if t["code"] == code)


def _section(template_code: str, title: str) -> dict:
    return next(s for s in _template(template_code)["sections"] if s["title"] == title)


def _item_text(template_code: str, section_title: str, number: str) -> str:
    items = _section(template_code, section_title)["items"]
    return next(i["text"] for i in items if i["number"] == number)


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


@pytest.mark.parametrize("campaign", CAMPAIGNS, ids=lambda c: c["seed"])
def test_phases_are_ordered_inside_the_period_and_do_not_overlap(
    campaign: dict,
) -> None:
    phases = campaign["phases"]
    if not phases:
        return
    assert campaign["period_start"] is not None
    previous_end = None
    for phase in phases:
        assert isinstance(phase["start"], date) and isinstance(phase["end"], date)
        assert phase["start"] <= phase["end"]
        assert campaign["period_start"] <= phase["start"]
        assert phase["end"] <= campaign["period_end"]
        if previous_end is not None:
            assert phase["start"] > previous_end
        previous_end = phase["end"]


@pytest.mark.parametrize("campaign", CAMPAIGNS, ids=lambda c: c["seed"])
def test_report_requirements_are_consistent(campaign: dict) -> None:
    for report in campaign["report_requirements"]:
        if report["recurrence"] == "once":
            assert report["due_date"] is not None
            assert report["day_of_month"] is None
        day = report["day_of_month"]
        if day is not None:
            assert report["recurrence"] == "monthly"
            assert 1 <= day <= 31


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


# --- templates: structure ----------------------------------------------------------------


def test_template_codes_are_unique() -> None:
    codes = [t["code"] for t in TEMPLATES]
    assert len(codes) == len(set(codes)) == 5


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["code"])
def test_template_structure(template: dict) -> None:
    assert set(template) == TEMPLATE_KEYS
    assert template["source_seed"] in REGION_BY_SEED
    assert template["kind"] in {"inspection", "interview"}
    assert template["name"] and template["description"]
    assert template["sections"]
    titles = [s["title"] for s in template["sections"]]
    assert len(titles) == len(set(titles))
    for section in template["sections"]:
        assert set(section) == SECTION_KEYS
        assert section["title"]
        assert isinstance(section["lead_department"], str)
        assert section["items"]
        numbers = [i["number"] for i in section["items"]]
        assert len(numbers) == len(set(numbers)), section["title"]
        for item in section["items"]:
            assert set(item) == ITEM_KEYS
            assert isinstance(item["number"], str) and item["number"]
            assert item["text"]
            assert isinstance(item["legal_basis"], str)
            assert set(item["industries"]) <= INDUSTRY_CODES
            assert item["answer_kind"] in {"compliance", "number", "text"}
            assert isinstance(item["photo_required"], bool)
            assert item["hazard_level"] in {"general", "major", ""}
            assert isinstance(item["major_criterion"], bool)
            if item["major_criterion"]:
                assert item["hazard_level"] == "major"


def test_item_counts_per_template() -> None:
    counts = {t["code"]: sum(len(s["items"]) for s in t["sections"]) for t in TEMPLATES}
    assert counts == {
        "seed000-main-responsibility": 24,
        "seed000-head-interview": 10,
        "seed002-enforcement": 70,
        "seed003-patrol-points": 72,
        "seed004-metallurgy-industry-trade": 27,
    }


# --- templates: spot checks against the seeds -------------------------------------------


def test_seed_000_check_has_the_five_areas() -> None:
    template = _template("seed000-main-responsibility")
    assert [s["title"] for s in template["sections"]] == [
        "安全生产管理责任落实情况",
        "安全生产管理制度建立和执行情况",
        "安全风险管控情况",
        "隐患排查治理情况",
        "应急管理情况",
    ]
    assert _item_text("seed000-main-responsibility", "安全生产管理制度建立和执行情况", "4") == (
        "新建、改建、扩建项目依法履行安全设施与职业病防护设施“三同时”制度情况"
    )
    assert _item_text("seed000-main-responsibility", "应急管理情况", "2") == (
        "建立专（兼）职应急救援队伍或与相关应急救援队伍签订协议情况"
    )


def test_seed_000_interview_points_and_seven_duties() -> None:
    code = "seed000-head-interview"
    assert _template(code)["kind"] == "interview"
    assert _item_text(code, "谈话内容", "2") == ("企业全员安全生产责任制建立、公示、教育培训、考核等情况")
    duties = _section(code, "生产经营单位主要负责人七项职责")["items"]
    assert len(duties) == 7
    assert {d["legal_basis"] for d in duties} == {"《中华人民共和国安全生产法》第二十一条"}
    assert duties[6]["text"] == "及时、如实报告生产安全事故"
    assert duties[4]["text"].startswith("组织建立并落实安全风险分级管控和隐患排查治理双重预防")


def test_seed_002_common_items_are_verbatim() -> None:
    items = _section("seed002-enforcement", "共性执法内容")["items"]
    assert len(items) == 13
    assert items[0]["text"] == (
        "无证、证照不全或过期、超许可范围从事生产经营建设，以及倒卖、出租、出借或以其他方式非法转让安全生产许可证的"
    )
    assert items[6]["text"] == (
        "作业规程不完善，缺乏针对性和可操作性，以及现场管理混乱、违章操作、违章指挥和违反劳动纪律的"
    )
    assert items[12]["text"] == "其他违反安全生产法律、法规、规章的生产经营建设行为。"
    assert {i["hazard_level"] for i in items} == {"general"}


def test_seed_002_industry_sections_carry_their_industry() -> None:
    fire = _section("seed002-enforcement", "重点行业领域执法内容 / 消防")
    assert fire["items"][2]["text"] == (
        "单位埋压、圈占、遮挡消火栓或者占用防火间距，占用、堵塞消防车通道、疏散通道、安全出口"
        "或者有其他妨碍安全疏散行为的"
    )
    assert {code for i in fire["items"] for code in i["industries"]} == {"fire"}
    hazchem = _section("seed002-enforcement", "重点行业领域执法内容 / 危险化学品")
    assert "精细化工反应装置未进行安全风险评估且未实施自动化控制" in [i["text"] for i in hazchem["items"]]


def test_seed_003_patrol_points_are_verbatim_with_lead_departments() -> None:
    code = "seed003-patrol-points"
    assert _item_text(code, "二、责任落实方面 / 领导责任", "6") == (
        "主要负责人是否与分管负责人签订安全生产目标管理责任书，是否层层签订年度安全生产目标管理责任书。"
    )
    assert _item_text(code, "二、责任落实方面 / 企业主体责任", "5") == (
        "企业建立安全隐患“三自一公示”、“日周月”排查机制情况。"
    )
    area_4 = "四、管委会交办第二季度安全生产重点工作事项（通开发管办〔2018〕27号）完成情况"
    special_equipment = _section(code, f"{area_4} / 特种设备安全")
    assert special_equipment["lead_department"] == "市场监管局牵头、各街道、老洪港"
    roads = _section(code, f"{area_4} / 道路交通安全")
    assert roads["lead_department"] == "交警五大队牵头，建设局、小海街道"
    assert roads["items"][0]["text"] == "开展重型运输车辆、危化品运输车辆违法专项整治"
    assert {i["hazard_level"] for s in _template(code)["sections"] for i in s["items"]} == {""}


def test_seed_004_dust_explosion_items_are_major_criteria() -> None:
    section = _section("seed004-metallurgy-industry-trade", "（三）1.重点行业领域")
    majors = [i for i in section["items"] if i["major_criterion"]]
    assert [i["text"] for i in majors] == [
        "不同种类的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘系统",
        "不同防火分区的除尘系统互联互通",
        "干式除尘系统未规范采用泄爆、隔爆、惰化、抑爆、抗爆等一种或多种控爆措施",
    ]
    assert all(i["hazard_level"] == "major" for i in majors)
    assert all(i["industries"] == ["dust_explosion"] for i in majors)


def test_seed_004_confined_space_items() -> None:
    section = _section("seed004-metallurgy-industry-trade", "（三）2.有限空间作业")
    assert [i["text"] for i in section["items"]] == [
        "未按照规定制定有限空间作业方案或者方案未经审批擅自作业",
        "未在有限空间作业场所设置明显的安全警示标志",
        "未进行安全条件确认擅自进入有限空间作业",
    ]
    assert all(i["industries"] == ["confined_space"] for i in section["items"])
    assert all(i["hazard_level"] == "general" for i in section["items"])


def test_only_seed_004_dust_items_are_major() -> None:
    majors = [
        (t["code"], i["text"])
        for t in TEMPLATES
        for s in t["sections"]
        for i in s["items"]
        if i["hazard_level"] == "major"
    ]
    assert len(majors) == 3
    assert {code for code, _ in majors} == {"seed004-metallurgy-industry-trade"}
