"""Every figure of both forms against a hand count (tests/reports/conftest.py), the same in the
JSON, the page and the Excel file, and each figure's drill-down list has exactly that many rows."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.test import Client

from core.models import Region
from reports.statistics.forms import live_form
from reports.statistics.scope import make_scope

pytestmark = pytest.mark.django_db

SEED004_2026_06 = {
    # own level (南宁市本级): the group formed by the city agency; no enterprise sits at city level
    "450100:own": {"groups": 1, "group_members": 2, "group_experts": 1, "enterprises_in_scope": 0},
    "450102": {
        "general_found": 3,  # h1, h2, h4 (h6 was found before the period)
        "general_rectified": 2,  # h1, h4 (h2 was closed after the period)
        "major_found": 0,
        "rectification_rate": 66.7,
        "hazards_overdue": 1,  # h2
        "funds_spent": 2.0,  # h1: 20,000 元
        "inspections_enforcement": 1,
        "inspections_self": 1,
        "enterprises_in_scope": 2,
        "enterprises_inspected": 1,
        "coverage_rate": 50.0,
        "enforcement_fine": 1,
        "fine_amount": 3.0,
        "enforcement_order_rectify": 1,
        "enforcement_suspension": 0,  # still 待法制审核
        "groups": 0,
    },
    "450103": {
        "general_found": 0,  # h5 is outside the campaign
        "major_found": 1,
        "major_rectified": 0,
        "listed": 1,
        "inspections_spot_check": 1,
        "inspections_patrol": 0,  # i3 is still in progress
        "enterprises_in_scope": 1,  # e4 is outside the campaign's industries
        "enterprises_inspected": 1,
        "coverage_rate": 100.0,
    },
    "total": {
        "groups": 1,
        "group_members": 2,
        "group_experts": 1,
        "inspecting_agencies": 1,
        "general_found": 3,
        "general_rectified": 2,
        "major_found": 1,
        "major_rectified": 0,
        "rectification_rate": 50.0,  # 2 of 4
        "hazards_overdue": 1,
        "funds_spent": 2.0,
        "listed": 1,
        "enterprises_in_scope": 3,
        "enterprises_inspected": 2,
        "coverage_rate": 66.7,
        "enforcement_fine": 1,
        "fine_amount": 3.0,
    },
}
NATIONAL_2026_06 = {
    "industry_trade": {"enterprises_self_inspected": 1, "general_found": 3, "general_rectified": 2, "major_found": 1},
    "metallurgy": {"general_found": 2, "general_rectified": 1, "general_rate": 50.0, "major_found": 1},
    "machinery": {"general_found": 1, "general_rectified": 1, "general_rate": 100.0, "enterprises_self_inspected": 1},
    "hazchem": {"general_found": 0, "major_found": 0, "general_rate": None},
    "total": {
        "major_planned": 1,
        "plan_targets": 1,
        "plan_funds": 1,
        "plan_people": 1,
        "plan_deadline": 1,
        "plan_safety": 1,
        "listed_city": 1,
        "listed_province": 0,
        "major_rate": 0.0,
        "funds_spent": 2.0,
    },
}


def _rows(data) -> dict:
    return {row["key"]: row for row in data["rows"]}


def _check(data, expected) -> None:
    rows = _rows(data)
    for row_key, values in expected.items():
        for key, value in values.items():
            assert rows[row_key]["values"][key] == value, (row_key, key)


def _form(world, form, period="2026-06"):
    scope = make_scope(region=Region.objects.get(code="450100"), period=period, campaign=world["campaign"])
    return live_form(form, scope, unit="南宁市应急管理局")


def test_seed004_form_equals_the_hand_count(world):
    data = _form(world, "seed004")
    assert [r["key"] for r in data["rows"]] == ["450100:own", "450102", "450103", "total"]
    _check(data, SEED004_2026_06)
    assert [d["enterprise"] for d in data["details"]] == ["青秀冶金三厂"]
    assert data["details"][0]["listed"] == "市级挂牌（南安委督〔2026〕3号）"
    assert data["start"] == "2026-05-23" and data["end"] == "2026-06-22"


def test_national_form_has_rows_by_industry_and_equals_the_hand_count(world):
    data = _form(world, "national")
    keys = [r["key"] for r in data["rows"]]
    assert keys.index("industry_trade") < keys.index("metallurgy") < keys.index("total")
    _check(data, NATIONAL_2026_06)


def test_cumulative_total_counts_from_the_campaign_start(world):
    data = _form(world, "seed004", period="total")
    total = _rows(data)["total"]["values"]
    assert total["general_found"] == 4  # h6 too
    assert total["hazards_overdue"] == 1  # h2 closed on 25 June is no longer open; h6 has no deadline


def test_no_campaign_counts_every_record_of_the_unit(world):
    scope = make_scope(region=Region.objects.get(code="450100"), period="2026-06")
    data = live_form("seed004", scope)
    assert _rows(data)["450103"]["values"]["general_found"] == 1  # h5 now counts


def test_figures_take_two_queries_per_source_whatever_the_rows(world, django_assert_max_num_queries):
    from tests.factories import EnterpriseFactory

    province = Region.objects.get(code="450000")
    for form in ("seed004", "national"):
        scope = make_scope(region=province, period="2026-06", campaign=world["campaign"])
        with django_assert_max_num_queries(16):  # 5 sources × 2 + details + rows + scope
            live_form(form, scope)
    EnterpriseFactory.create_batch(5, region=Region.objects.get(code="450202001"), industries=["metallurgy"])
    with django_assert_max_num_queries(16):
        live_form("seed004", make_scope(region=province, period="2026-06", campaign=world["campaign"]))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_json_page_and_excel_agree_with_the_hand_count(world, official_a, api_for):
    params = {"form": "seed004", "campaign": world["campaign"].pk, "region": "450100", "period": "2026-06"}
    response = api_for(official_a).get("/api/v1/statistics/", params)
    assert response.status_code == 200
    _check(response.json(), SEED004_2026_06)

    page = _client(official_a).get("/reports/statistics/", params)
    assert page.status_code == 200
    html = page.content.decode()
    row = re.search(r'<tr[^>]*data-row="total".*?</tr>', html, re.S).group(0)
    cell = re.search(r'data-col="general_found">(?:<a href="[^"]+">)?(\d+)', row).group(1)
    assert cell == "3"

    xlsx = _client(official_a).get("/reports/statistics/", {**params, "format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    total_row = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "合计")
    assert 3 in total_row and 66.7 / 100 in [round(v, 3) for v in total_row if isinstance(v, float)]


def test_every_drill_down_list_has_as_many_rows_as_its_figure(world, official_a, api_for):
    params = {"form": "seed004", "campaign": world["campaign"].pk, "region": "450100", "period": "2026-06"}
    data = api_for(official_a).get("/api/v1/statistics/", params).json()
    client = _client(official_a)
    checked = 0
    for row in data["rows"]:
        for key, url in row["links"].items():
            response = client.get(url)
            assert response.status_code == 200, url
            expected = row["values"][key]
            if key in ("funds_spent", "fine_amount"):
                continue  # an amount: its list shows the records summed
            assert response.context["page_obj"].count == expected, (row["key"], key, url)
            checked += 1
    assert checked > 40


def test_drill_down_of_another_list_or_a_bad_region_is_refused_with_a_message(world, official_a):
    client = _client(official_a)
    response = client.get("/hazards/", {"stat": "enterprises_in_scope", "region": "450100"})
    assert "不属于此列表" in response.content.decode()
    response = client.get("/hazards/", {"stat": "general_found", "region": "999999"})
    assert "区划代码不存在" in response.content.decode()


def test_drill_down_stays_inside_the_users_jurisdiction(world, official_b):
    url = "/hazards/?stat=general_found&region=450100&period=2026-06"
    response = _client(official_b).get(url)
    assert response.context["page_obj"].count == 0


@pytest.mark.parametrize(
    "params, field",
    [
        ({"form": "nope"}, "form"),
        ({"period": "2025-06"}, "period"),  # before the campaign
        ({"period": "2026-13"}, "period"),
        ({"region": "450200"}, "region"),  # 柳州: outside 南宁's jurisdiction
    ],
)
def test_bad_statistics_requests_name_the_field(world, official_a, api_for, params, field):
    base = {"form": "seed004", "campaign": world["campaign"].pk, "region": "450100", "period": "2026-06"}
    response = api_for(official_a).get("/api/v1/statistics/", {**base, **params})
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_enterprise_users_get_no_statistics(world, enterprise_user, api_for):
    assert api_for(enterprise_user).get("/api/v1/statistics/").status_code == 403
    assert _client(enterprise_user).get("/reports/statistics/").status_code == 403


def test_glossary_documents_every_figure(world, official_a):
    from reports.statistics.figures import FIGURES

    html = _client(official_a).get("/reports/glossary/").content.decode()
    for key in FIGURES:
        assert f'id="figure-{key}"' in html


def test_an_industry_regulator_counts_only_its_industries(world, official_a, construction_official, api_for):
    params = {"form": "seed004", "campaign": world["campaign"].pk, "region": "450100", "period": "2026-06"}
    mine = api_for(construction_official).get("/api/v1/statistics/", params)
    assert mine.status_code == 200
    total = _rows(mine.json())["total"]["values"]
    assert total["general_found"] == 0 and total["enterprises_in_scope"] == 0  # no construction enterprise
    assert _rows(api_for(official_a).get("/api/v1/statistics/", params).json())["total"]["values"]["general_found"] == 3
