from __future__ import annotations

# Checks of the checklist data transcribed from the seed documents.
# Plain data tests: no database and no Django models. The expected strings are copied from the
# seeds by hand so that a drift in the data modules shows up here.
import pytest

from checklists.seed_content import TEMPLATES

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

SEEDS = {"000", "001", "002", "003", "004"}
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


def _template(code: str) -> dict:
    return next(t for t in TEMPLATES if t["code"] == code)


def _section(template_code: str, title: str) -> dict:
    return next(s for s in _template(template_code)["sections"] if s["title"] == title)


def _item_text(template_code: str, section_title: str, number: str) -> str:
    items = _section(template_code, section_title)["items"]
    return next(i["text"] for i in items if i["number"] == number)


# --- templates: structure ----------------------------------------------------------------


def test_template_codes_are_unique() -> None:
    codes = [t["code"] for t in TEMPLATES]
    assert len(codes) == len(set(codes)) == 5


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["code"])
def test_template_structure(template: dict) -> None:
    assert set(template) == TEMPLATE_KEYS
    assert template["source_seed"] in SEEDS
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
