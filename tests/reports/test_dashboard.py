"""数据驾驶舱: its figures equal the 统计报表 of the same scope (the world of tests/reports/conftest.py,
counted by hand there), every drill-down URL opens a list of exactly that many rows, the API's
shape and errors, and who may see what."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import api_as

pytestmark = pytest.mark.django_db

API = "/api/v1/dashboard/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _dashboard(user, **params):
    response = api_as(user).get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def _form(user, **params):
    response = api_as(user).get("/api/v1/statistics/", params)
    assert response.status_code == 200, response.content
    return {row["key"]: row["values"] for row in response.json()["rows"]}


def _list_count(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.context["drill"] is not None, url
    return response.context["page_obj"].count


def _urls(data) -> list[tuple[str, object, str]]:
    """(what, value, url) of every figure of the dashboard that has a list."""
    out = [
        (f["key"], f["value"], f["url"])
        for part in ("kpis", "by_level", "by_status", "major", "coverage")
        for f in data[part]
    ]
    for month in data["trend"]:
        out += [
            (f"{month['period']}:{k}", month[k]["value"], month[k]["url"]) for k in ("hazards_found", "hazards_closed")
        ]
    for row in data["by_industry"]:
        out += [(f"{row['code']}:{k}", v["value"], v["url"]) for k, v in row["values"].items()]
    for row in data["table"]["rows"]:
        out += [(f"{row['key']}:{k}", v["value"], v["url"]) for k, v in row["values"].items()]
    return [item for item in out if item[2]]


@pytest.mark.parametrize("period", ["2026-06", "total"])
def test_dashboard_figures_equal_the_statistics_form(world, official_a, period):
    campaign = world["campaign"].pk
    data = _dashboard(official_a, region="450100", campaign=campaign, period=period)
    seed004 = _form(official_a, form="seed004", region="450100", campaign=campaign, period=period)
    national = _form(official_a, form="national", region="450100", campaign=campaign, period=period)
    total = seed004["total"]
    figures = data["figures"]
    compared = 0
    for key, figure in figures.items():
        if key in total:
            assert figure["value"] == total[key], key
            compared += 1
    assert compared >= 10
    assert {f["key"]: f["value"] for f in data["by_level"]} == {
        "general_found": total["general_found"],
        "major_found": total["major_found"],
    }
    rows = {row["key"]: row["values"] for row in data["table"]["rows"]}
    for code in ("450102", "450103", "total"):
        for key, cell in rows[code].items():
            assert cell["value"] == seed004[code][key], (code, key)
    industries = {row["code"]: row["values"] for row in data["by_industry"]}
    for code in ("industry_trade", "hazchem"):
        assert industries[code]["major_found"]["value"] == national[code]["major_found"]
    # The statuses (现状) add up to the hazards found.
    assert sum(f["value"] for f in data["by_status"]) == figures["hazards_found"]["value"]


def test_dashboard_figures_of_june_are_the_hand_counts(world, official_a):
    data = _dashboard(official_a, region="450100", campaign=world["campaign"].pk, period="2026-06")
    figures = data["figures"]
    assert figures["hazards_found"]["value"] == 4  # h1, h2, h3, h4
    assert figures["rectification_rate"]["value"] == 50.0
    assert figures["hazards_overdue"]["value"] == 1
    assert figures["listed"]["value"] == 1
    assert figures["coverage_rate"]["value"] == 66.7
    assert {f["key"]: f["value"] for f in data["by_status"]} == {
        "status_reported": 0,
        "status_rectifying": 1,  # h3
        "status_awaiting_acceptance": 0,
        "status_closed": 3,  # h1, h2, h4 (closed now)
    }
    june = next(m for m in data["trend"] if m["period"] == "2026-06")
    assert june["hazards_found"]["value"] == 4
    # Closed 23 May – 22 June: h1 (10 June) and h4 (3 June); h2 was closed on 25 June.
    assert june["hazards_closed"]["value"] == 2
    assert [m["period"] for m in data["trend"]][-1] == "2026-06"
    assert len(data["trend"]) == 12


def test_every_drill_down_url_lists_as_many_rows_as_its_figure(world, official_a):
    client = _client(official_a)
    data = _dashboard(official_a, region="450100", campaign=world["campaign"].pk, period="2026-06")
    items = _urls(data)
    assert len(items) > 40
    for what, value, url in items:
        if isinstance(value, float):  # a sum (万元) lists the records summed, not its value
            continue
        assert _list_count(client, url) == value, (what, url)


def test_county_level_table_lists_enterprises_with_their_rows(world, official_a):
    data = _dashboard(official_a, region="450102", campaign=world["campaign"].pk, period="total")
    assert data["table"]["kind"] == "enterprise"
    names = [row["label"] for row in data["table"]["rows"]]
    assert names == ["兴宁冶金一厂", "兴宁机械二厂"]  # 3 hazards (h1, h2, h6), then 1 (h4)
    first = data["table"]["rows"][0]["values"]
    assert first["hazards_found"]["value"] == 3
    client = _client(official_a)
    assert _list_count(client, first["hazards_found"]["url"]) == 3
    assert _list_count(client, first["hazards_overdue"]["url"]) == first["hazards_overdue"]["value"]


def test_sub_region_rows_reload_the_dashboard_for_that_region(world, official_a):
    data = _dashboard(official_a, region="450100", campaign=world["campaign"].pk)
    row = next(r for r in data["table"]["rows"] if r["key"] == "450102")
    assert row["href"].startswith("/dashboard/?") and "region=450102" in row["href"]
    response = _client(official_a).get(row["href"])
    assert response.status_code == 200
    assert [b["code"] for b in response.context["data"]["breadcrumbs"]] == ["450100", "450102"]


def test_bad_parameters_get_400_naming_the_parameter(world, official_a):
    api = api_as(official_a)
    campaign = world["campaign"].pk
    assert api.get(API, {"region": "450100", "campaign": campaign, "period": "2026-06"}).status_code == 200
    for params, field in [
        ({"period": "2026-13"}, "period"),
        ({"period": "六月"}, "period"),
        ({"campaign": "abc"}, "campaign"),
        ({"industry": "no-such-industry"}, "industry"),
        ({"region": "南宁"}, "region"),
        ({"campaign": campaign, "period": "2019-01"}, "period"),  # outside the campaign's period
    ]:
        response = api.get(API, params)
        assert response.status_code == 400, params
        body = response.json()
        assert body["field"] == field
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"]), body
    page = _client(official_a).get("/dashboard/", {"period": "2026-13"})
    assert page.status_code == 400
    assert "统计期「2026-13」格式不对" in page.content.decode()


def test_another_region_gets_404_and_sees_none_of_region_a(world, official_b):
    api = api_as(official_b)
    assert api.get(API, {"region": "450100"}).status_code == 404
    assert api.get(API, {"region": "450102"}).status_code == 404
    assert _client(official_b).get("/dashboard/", {"region": "450100"}).status_code == 404
    own = _dashboard(official_b)
    assert own["region"]["code"] == "450200"
    assert own["figures"]["hazards_found"]["value"] == 0
    assert own["figures"]["enterprises_in_scope"]["value"] == 0


def test_a_campaign_of_another_region_gets_404(world, official_b):
    assert api_as(official_b).get(API, {"campaign": world["campaign"].pk}).status_code == 404


def test_enterprise_users_and_experts_get_403_and_no_nav_entry(world, enterprise_user, outsider, official_a, leader_a):
    for user in (enterprise_user, outsider):
        assert api_as(user).get(API).status_code == 403
        client = _client(user)
        assert client.get("/dashboard/").status_code == 403
        assert "数据驾驶舱" not in client.get("/").content.decode()
    for user in (official_a, leader_a):
        client = _client(user)
        assert 'id="nav-dashboard"' in client.get("/").content.decode()
        assert client.get("/dashboard/").status_code == 200


def test_an_industry_regulator_counts_only_its_industries(world, construction_official):
    data = _dashboard(construction_official, region="450100", campaign=world["campaign"].pk)
    assert data["figures"]["hazards_found"]["value"] == 0  # every hazard of the world is 工贸


def test_industry_filter_narrows_every_figure(world, official_a):
    data = _dashboard(
        official_a, region="450100", campaign=world["campaign"].pk, period="2026-06", industry="machinery"
    )
    assert data["figures"]["hazards_found"]["value"] == 1  # h4 of 兴宁机械二厂
    url = data["figures"]["hazards_found"]["url"]
    assert "industry=machinery" in url
    assert _list_count(_client(official_a), url) == 1


def test_page_loads_echarts_and_embeds_the_figures(world, official_a):
    response = _client(official_a).get(
        "/dashboard/", {"region": "450100", "campaign": world["campaign"].pk, "period": "2026-06", "screen": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "vendor/echarts/echarts.min.js" in html and 'id="dashboard-data"' in html
    assert 'id="chart-trend"' in html and "dash-screen" in html
    assert 'data-row="450102"' in html


def test_other_pages_do_not_load_echarts(official_a):
    assert "echarts" not in _client(official_a).get("/reports/statistics/").content.decode()


def test_api_is_in_the_openapi_schema(official_a):
    schema = api_as(official_a).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/dashboard/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"region", "campaign", "period", "industry"}


def test_campaign_page_shows_its_dashboard_section(world, official_a, enterprise_user):
    campaign = world["campaign"]
    html = _client(official_a).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert 'id="campaign-dashboard"' in html
    assert 'id="campaign-ranking"' in html and "兴宁区" in html  # both districts ranked
    assert f"/dashboard/?region=450100&amp;campaign={campaign.pk}" in html


def test_figures_are_cached_per_jurisdiction_for_a_few_minutes_and_say_when(
    world, official_a, official_a2, construction_official, settings
):
    """With the cache on (production: 300 s), a second look within the time shows the same figures
    computed at the same moment, even after a change; another agency's jurisdiction is computed for
    itself; the page prints when the figures were computed."""
    from hazards.models import Hazard

    settings.DASHBOARD_CACHE_SECONDS = 300
    params = {"region": "450100", "campaign": world["campaign"].pk, "period": "2026-06"}
    first = _dashboard(official_a, **params)
    Hazard.objects.filter(campaign=world["campaign"]).first().delete()
    again = _dashboard(official_a2, **params)  # the same agency: the cached figures
    assert again["figures"]["hazards_found"] == first["figures"]["hazards_found"]
    assert again["generated_at"] == first["generated_at"]
    other = _dashboard(construction_official, **params)  # another jurisdiction: its own figures
    assert other["figures"]["hazards_found"]["value"] == 0
    page = _client(official_a).get("/dashboard/", params).content.decode()
    assert "数据生成时间" in page and first["generated_at"][:16].replace("T", " ") in page
    settings.DASHBOARD_CACHE_SECONDS = 0
    assert (
        _dashboard(official_a, **params)["figures"]["hazards_found"]["value"]
        < first["figures"]["hazards_found"]["value"]
    )
