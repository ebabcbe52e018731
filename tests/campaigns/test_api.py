"""The campaign API contract: scoped lists and details, commands, fixed query counts."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from campaigns.models import Campaign, ReportRequirement
from campaigns.services import campaign_create, group_create, requirement_add, target_add
from checklists.services import checklist_create
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_official_creates_a_campaign_with_phases_through_the_api(api_for, official_a):
    response = api_for(official_a).post(
        "/api/v1/campaigns/",
        {
            "title": "南宁市危化品专项整治",
            "doc_number": "南安委〔2026〕3号",
            "kind": "special",
            "region": "450100",
            "industries": ["hazchem"],
            "period_start": "2026-03-01",
            "period_end": "2026-06-30",
            "phases": [
                {"name": "部署", "start": "2026-03-01", "end": "2026-03-10"},
                {"name": "整治", "start": "2026-03-11", "end": "2026-06-30"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [p["name"] for p in body["phases"]] == ["部署", "整治"] and body["industries"] == ["hazchem"]


def test_overlapping_phases_through_the_api_answer_400_with_a_chinese_message(api_for, official_a):
    response = api_for(official_a).post(
        "/api/v1/campaigns/",
        {
            "title": "x",
            "region": "450100",
            "period_start": "2026-03-01",
            "period_end": "2026-06-30",
            "phases": [
                {"name": "甲", "start": "2026-03-01", "end": "2026-04-10"},
                {"name": "乙", "start": "2026-04-01", "end": "2026-06-30"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "日期重叠" in response.json()["detail"] and response.json()["field"] == "phases"


def test_campaign_in_another_jurisdiction_is_refused_through_the_api(api_for, official_b):
    response = api_for(official_b).post("/api/v1/campaigns/", {"title": "x", "region": "450100"}, format="json")
    assert response.status_code == 400 and "不在您的辖区内" in response.json()["detail"]


def test_detail_shows_targets_with_live_values_and_unquantified_ones(api_for, official_a, campaign_a, enterprise_a):
    target_add(
        actor=official_a, campaign=campaign_a, name="检查覆盖率", indicator="inspection_coverage", target_value=100
    )
    target_add(actor=official_a, campaign=campaign_a, name="警示教育率100%", target_value=100)
    body = api_for(official_a).get(f"/api/v1/campaigns/{campaign_a.pk}/").json()
    covered, unquantified = body["targets"]
    assert (covered["numerator"], covered["denominator"], covered["value"]) == (0, 1, "0.0")
    assert unquantified["value"] == "未量化（暂无数据来源）" and unquantified["numerator"] is None


def test_other_region_gets_404_on_campaign_detail_and_it_is_absent_from_the_list(api_for, official_b, campaign_a):
    client = api_for(official_b)
    assert client.get(f"/api/v1/campaigns/{campaign_a.pk}/").status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign_a.pk}/enterprises/").status_code == 404
    assert client.patch(f"/api/v1/campaigns/{campaign_a.pk}/", {"title": "x"}, format="json").status_code == 404
    assert client.get("/api/v1/campaigns/").json()["count"] == 0


def test_lower_official_sees_the_parent_campaign_read_only(api_for, official_a, campaign_gx):
    client = api_for(official_a)
    assert client.get(f"/api/v1/campaigns/{campaign_gx.pk}/").status_code == 200
    assert client.patch(f"/api/v1/campaigns/{campaign_gx.pk}/", {"title": "x"}, format="json").status_code == 403


def test_patch_updates_title_and_replaces_phases(api_for, official_a, campaign_a):
    response = api_for(official_a).patch(
        f"/api/v1/campaigns/{campaign_a.pk}/",
        {"title": "新标题", "phases": [{"name": "回头看", "start": "2026-11-01", "end": "2026-11-30"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "新标题" and [p["name"] for p in response.json()["phases"]] == ["回头看"]


def test_patch_refuses_group_rules_beyond_their_range_and_keeps_the_campaign(api_for, official_a, campaign_a):
    before = (campaign_a.visits_per_month, campaign_a.title)
    response = api_for(official_a).patch(
        f"/api/v1/campaigns/{campaign_a.pk}/", {"title": "新标题", "visits_per_month": 40000}, format="json"
    )
    assert response.status_code == 400 and "visits_per_month" in response.json(), response.json()
    campaign_a.refresh_from_db()
    assert (campaign_a.visits_per_month, campaign_a.title) == before


def test_the_campaign_service_refuses_group_rules_beyond_their_range(official_a, campaign_a):
    from campaigns.services import campaign_update
    from core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        campaign_update(actor=official_a, campaign=campaign_a, group_max_size=51)
    assert refused.value.field == "group_max_size" and "巡查组最多人数" in str(refused.value)


def test_enterprises_in_scope_are_listed_for_the_campaign(api_for, official_a, campaign_a, enterprise_a):
    EnterpriseFactory(industries=["construction"])  # out of the campaign's industries
    body = api_for(official_a).get(f"/api/v1/campaigns/{campaign_a.pk}/enterprises/").json()
    assert [e["id"] for e in body["results"]] == [enterprise_a.pk]


def test_enterprises_of_a_parent_campaign_are_scoped_to_the_viewer(
    api_for, official_a, official_b, campaign_gx, enterprise_a, enterprise_b
):
    ids_a = [
        e["id"] for e in api_for(official_a).get(f"/api/v1/campaigns/{campaign_gx.pk}/enterprises/").json()["results"]
    ]
    ids_b = [
        e["id"] for e in api_for(official_b).get(f"/api/v1/campaigns/{campaign_gx.pk}/enterprises/").json()["results"]
    ]
    assert ids_a == [enterprise_a.pk] and ids_b == [enterprise_b.pk]


def test_campaign_list_costs_a_fixed_number_of_queries(api_for, official_a, region, django_assert_max_num_queries):
    for i in range(6):
        campaign_create(
            actor=official_a,
            title=f"行动{i}",
            region=region("450100"),
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            phases=[{"name": "阶段", "start": date(2026, 1, 1), "end": date(2026, 12, 31)}],
        )
    client = api_for(official_a)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/campaigns/").json()["count"] == 6


def test_targets_tasks_and_requirements_are_added_by_commands(api_for, official_a, campaign_a, agency_a):
    client = api_for(official_a)
    url = f"/api/v1/campaigns/{campaign_a.pk}"
    assert (
        client.post(
            f"{url}/targets/",
            {"name": "隐患整改率", "indicator": "hazard_rectification_rate", "target_value": 100},
            format="json",
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"{url}/tasks/", {"title": "排查", "lead_agency": agency_a.pk, "deadline": "2026-06-30"}, format="json"
        ).status_code
        == 201
    )
    r = client.post(
        f"{url}/report-requirements/",
        {"title": "进展", "recurrence": "monthly", "day_of_month": 23, "submitters": "enterprises"},
        format="json",
    )
    assert r.status_code == 201
    body = r.json()
    assert (
        len(body["targets"]) == 1 and len(body["tasks"]) == 1 and body["report_requirements"][0]["day_of_month"] == 23
    )


def test_only_the_lead_agency_updates_task_status(api_for, official_a, official_b, official_gx, campaign_gx, agency_b):
    from campaigns.services import task_add

    task = task_add(actor=official_gx, campaign=campaign_gx, title="柳州任务", lead_agency=agency_b)
    assert (
        api_for(official_a).post(f"/api/v1/campaign-tasks/{task.pk}/status/", {"progress": "done"}).status_code == 403
    )
    response = api_for(official_b).post(
        f"/api/v1/campaign-tasks/{task.pk}/status/", {"progress": "in_progress", "note": "已部署"}
    )
    assert response.status_code == 200 and response.json()["status_display"] == "进行中"


@pytest.fixture
def group(campaign_a, official_a, agency_a):
    people = [UserFactory(agency=agency_a, role="inspector") for _ in range(4)]
    members = list(zip(people, ["leader", "deputy", "deputy", "member"], strict=True))
    return group_create(actor=official_a, campaign=campaign_a, name="第一巡查组", members=members)


def test_groups_are_created_listed_and_scoped(
    api_for, official_a, official_b, campaign_a, agency_a, group, django_assert_max_num_queries
):
    people = [UserFactory(agency=agency_a, role="inspector") for _ in range(4)]
    response = api_for(official_a).post(
        "/api/v1/groups/",
        {
            "campaign": campaign_a.pk,
            "name": "第二巡查组",
            "members": [
                {"user": u.pk, "role": r} for u, r in zip(people, ["leader", "deputy", "deputy", "member"], strict=True)
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    with django_assert_max_num_queries(10):
        assert api_for(official_a).get("/api/v1/groups/").json()["count"] == 2
    assert api_for(official_b).get("/api/v1/groups/").json()["count"] == 0
    assert api_for(official_b).get(f"/api/v1/groups/{group.pk}/").status_code == 404
    bad = api_for(official_b).post(
        "/api/v1/groups/", {"campaign": campaign_a.pk, "name": "x", "members": []}, format="json"
    )
    assert bad.status_code == 404


def test_group_visit_clash_answers_400(api_for, official_a, group, enterprise_a):
    client = api_for(official_a)
    ok = client.post(
        f"/api/v1/groups/{group.pk}/visits/",
        {"enterprise": enterprise_a.pk, "start": "2026-04-06", "end": "2026-04-08"},
        format="json",
    )
    assert ok.status_code == 201
    clash = client.post(
        f"/api/v1/groups/{group.pk}/visits/",
        {"enterprise": enterprise_a.pk, "start": "2026-04-08", "end": "2026-04-10"},
        format="json",
    )
    assert clash.status_code == 400 and "时间冲突" in clash.json()["detail"]


def test_expert_pool_lists_matching_experts_for_officials_only(
    api_for, official_a, enterprise_user, campaign_a, industry
):
    expert = UserFactory(kind="expert", in_expert_pool=True)
    expert.specialties.set([industry("hazchem")])
    body = api_for(official_a).get(f"/api/v1/experts/?campaign={campaign_a.pk}").json()
    assert [e["id"] for e in body["results"]] == [expert.pk]
    assert api_for(enterprise_user).get("/api/v1/experts/").json()["count"] == 0


CHECKLIST = {
    "code": "api-check",
    "name": "接口检查表",
    "sections": [{"title": "一、管理", "items": [{"number": "1", "text": "建立责任制", "industries": ["hazchem"]}]}],
}


def test_checklists_are_created_with_a_version_and_listed_with_a_fixed_number_of_queries(
    api_for, official_a, django_assert_max_num_queries
):
    client = api_for(official_a)
    response = client.post("/api/v1/checklists/", CHECKLIST, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 1 and response.json()["sections"][0]["items"][0]["industries"] == ["hazchem"]
    for i in range(4):
        checklist_create(
            actor=official_a,
            code=f"c{i}",
            data={"name": f"表{i}", "sections": [{"title": "甲", "items": [{"number": "1", "text": "乙"}]}]},
        )
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/checklists/").json()["count"] == 5
    revised = client.post(
        f"/api/v1/checklists/{response.json()['id']}/revise/",
        {k: v for k, v in CHECKLIST.items() if k != "code"},
        format="json",
    )
    assert revised.status_code == 201 and revised.json()["version"] == 2


def test_checklists_may_be_read_by_any_user_but_not_created_by_an_enterprise(api_for, enterprise_user, official_a):
    checklist_create(
        actor=official_a,
        code="shared",
        data={"name": "表", "sections": [{"title": "甲", "items": [{"number": "1", "text": "乙"}]}]},
    )
    assert api_for(enterprise_user).get("/api/v1/checklists/").json()["count"] == 1
    assert api_for(enterprise_user).post("/api/v1/checklists/", CHECKLIST, format="json").status_code == 403


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "分节",
            "分节牵头部门",
            "序号",
            "检查内容",
            "依据",
            "适用行业",
            "回答方式",
            "需拍照",
            "不符合时隐患等级",
            "重大事故隐患判定标准",
        ]
    )
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "checklist.xlsx"
    return out


def test_checklist_import_through_the_api_and_its_row_errors(api_for, official_a):
    client = api_for(official_a)
    good = client.post(
        "/api/v1/checklists/import/",
        {"code": "imp", "name": "导入", "file": _xlsx([["甲", "", "1", "内容", "", "", "", "", "", ""]])},
        format="multipart",
    )
    assert good.status_code == 201 and good.json()["version"] == 1
    bad = client.post(
        "/api/v1/checklists/import/",
        {"code": "imp2", "name": "导入", "file": _xlsx([["甲", "", "1", "", "", "", "", "", "", ""]])},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"row": 2, "column": "检查内容", "message": "必填，不能为空。"}]


def test_submissions_filter_by_campaign_and_status_and_are_scoped(
    api_for, official_a, official_b, official_gx, campaign_gx, agency_a, agency_b, django_assert_max_num_queries
):
    requirement_add(
        actor=official_gx,
        campaign=campaign_gx,
        title="方案",
        recurrence="once",
        due_date=date(2020, 1, 1),
        submitters="lower_agencies",
    )
    ReportRequirement.objects.get()
    gx = api_for(official_gx)
    with django_assert_max_num_queries(8):
        body = gx.get(f"/api/v1/submissions/?campaign={campaign_gx.pk}&status=overdue").json()
    assert body["count"] == 2 and {r["status_display"] for r in body["results"]} == {"逾期"}
    assert gx.get(f"/api/v1/submissions/?campaign={campaign_gx.pk}&status=submitted").json()["count"] == 0
    mine = api_for(official_b).get("/api/v1/submissions/").json()
    assert [r["agency"] for r in mine["results"]] == [agency_b.pk]
    other = mine["results"][0]["id"]
    theirs = api_for(official_a).get("/api/v1/submissions/").json()["results"][0]["id"]
    assert api_for(official_b).get(f"/api/v1/submissions/{theirs}/").status_code == 404
    submitted = api_for(official_b).post(f"/api/v1/submissions/{other}/submit/", {"text": "已报送"}, format="json")
    assert (
        submitted.status_code == 200
        and submitted.json()["status"] == "submitted"
        and submitted.json()["submitted_late"]
    )


def test_anonymous_gets_nothing(api, campaign_a):
    assert api.get("/api/v1/campaigns/").status_code in (401, 403)
    assert Campaign.objects.count() == 1
