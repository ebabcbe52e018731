"""Search-as-you-type pickers: the scoped JSON endpoints, the widgets and the forms using them."""

from __future__ import annotations

from datetime import date

from tests.factories import EnterpriseFactory

ENTERPRISES = "/enterprises/search/"
USERS = "/accounts/search/users/"
AGENCIES = "/accounts/search/agencies/"


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def _names_of(body) -> list[str]:
    return [row["text"] for row in body["results"]]


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["text"] for row in response.json()["results"]]


# --- Enterprises ---------------------------------------------------------------------------------


def test_official_finds_an_enterprise_by_part_of_its_name_with_region_and_code(client, official_a, enterprise_a):
    rows = _get(client, official_a, ENTERPRISES, q="邕江").json()["results"]
    assert rows == [
        {
            "id": enterprise_a.pk,
            "text": "南宁邕江化工有限公司",
            "name": "南宁邕江化工有限公司",
            "uscc": enterprise_a.uscc,
            "region": "兴宁区 · 民生街道",
            "sub": f"兴宁区 · 民生街道 · {enterprise_a.uscc}",
        }
    ]


def test_official_finds_an_enterprise_by_the_start_of_its_code_in_any_case(client, official_a, enterprise_a):
    assert _names(_get(client, official_a, ENTERPRISES, q=enterprise_a.uscc[:8].lower())) == ["南宁邕江化工有限公司"]
    assert _names(_get(client, official_a, ENTERPRISES, q=enterprise_a.uscc)) == ["南宁邕江化工有限公司"]


def test_enterprise_of_another_region_is_not_found(client, official_a, official_b, enterprise_a, enterprise_b):
    assert _names(_get(client, official_a, ENTERPRISES, q="柳州鑫源")) == []
    assert _names(_get(client, official_a, ENTERPRISES, q=enterprise_b.uscc)) == []
    assert _names(_get(client, official_b, ENTERPRISES, q="有限公司")) == ["柳州鑫源机械制造有限公司"]


def test_enterprise_user_finds_only_their_own_enterprise(client, enterprise_user, enterprise_a, enterprise_b):
    EnterpriseFactory(name="南宁邕江物流有限公司")
    assert _names(_get(client, enterprise_user, ENTERPRISES, q="有限公司")) == ["南宁邕江化工有限公司"]


def test_two_enterprises_of_the_same_name_are_told_apart_by_region_and_code(client, official_a, region):
    first = EnterpriseFactory(name="南宁同名化工有限公司")
    second = EnterpriseFactory(name="南宁同名化工有限公司", region=region("450103001"))
    rows = _get(client, official_a, ENTERPRISES, q="同名").json()["results"]
    assert {row["uscc"] for row in rows} == {first.uscc, second.uscc}
    assert {row["region"] for row in rows} == {"兴宁区 · 民生街道", f"青秀区 · {region('450103001').name}"}


def test_search_answers_at_most_twenty_and_says_there_are_more(client, official_a):
    for n in range(23):
        EnterpriseFactory(name=f"南宁批量企业{n:02d}有限公司")
    body = _get(client, official_a, ENTERPRISES, q="批量").json()
    assert len(body["results"]) == 20 and body["more"] is True
    one = _get(client, official_a, ENTERPRISES, q="批量企业22").json()
    assert _names_of(one) == ["南宁批量企业22有限公司"] and one["more"] is False


def test_search_without_text_or_with_too_long_text_is_refused_naming_the_field(client, official_a):
    empty = _get(client, official_a, ENTERPRISES, q="  ")
    assert empty.status_code == 400
    assert empty.json() == {"errors": {"q": ["请输入企业名称或统一社会信用代码（q）。"]}}
    long = _get(client, official_a, ENTERPRISES, q="企" * 51)
    assert long.status_code == 400 and "不能超过 50 个字" in long.json()["errors"]["q"][0]


def test_anonymous_search_goes_to_login(client, enterprise_a):
    response = client.get(ENTERPRISES, {"q": "邕江"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_expert_declaring_a_conflict_finds_any_enterprise_and_gets_its_code(client, outsider, enterprise_b):
    assert _names(_get(client, outsider, ENTERPRISES, q="柳州鑫源")) == []  # no enterprise data otherwise
    rows = _get(client, outsider, ENTERPRISES, q="柳州鑫源", **{"for": "conflict"}).json()["results"]
    assert [(row["id"], row["text"]) for row in rows] == [(enterprise_b.uscc, "柳州鑫源机械制造有限公司")]
    short = _get(client, outsider, ENTERPRISES, q="柳", **{"for": "conflict"})
    assert short.status_code == 400 and short.json()["errors"]["q"] == ["请至少输入 2 个字（q）。"]


def test_official_asking_for_conflict_mode_still_sees_only_the_jurisdiction(client, official_a, enterprise_b):
    assert _names(_get(client, official_a, ENTERPRISES, q="柳州鑫源", **{"for": "conflict"})) == []


# --- Users and agencies --------------------------------------------------------------------------


def test_official_finds_colleagues_and_pool_experts_but_not_officials_of_another_region(
    client, official_a, official_a2, official_b, outsider
):
    outsider.display_name = "王振宇"
    outsider.organisation = "广西安全工程职业技术学院"
    outsider.save()
    rows = _get(client, official_a, USERS, q="陆建").json()["results"]
    assert rows == [{"id": official_a2.pk, "text": "陆建明", "sub": "南宁市应急管理局 · 执法证 GX002"}]
    assert _names(_get(client, official_a, USERS, q="蓝文斌")) == []
    assert _get(client, official_a, USERS, q="王振宇").json()["results"] == [
        {"id": outsider.pk, "text": "王振宇", "sub": "专家 · 广西安全工程职业技术学院"}
    ]
    assert _names(_get(client, official_a, USERS, q="王振宇", kind="official")) == []


def test_only_officials_may_search_people_and_bad_kind_is_named(client, enterprise_user, official_a):
    refused = _get(client, enterprise_user, USERS, q="陆")
    assert refused.status_code == 403 and "user" in refused.json()["errors"]
    bad = _get(client, official_a, USERS, q="陆", kind="boss")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]


def test_people_search_for_a_campaign_of_another_region_is_refused(client, official_a, official_b):
    from campaigns.models import Campaign
    from core.models import Region

    other = Campaign.objects.create(title="柳州专项", region=Region.objects.get(code="450200"))
    response = _get(client, official_a, USERS, q="陆", campaign=other.pk)
    assert response.status_code == 400
    assert response.json()["errors"]["campaign"] == ["专项行动（campaign）不存在或不在您的辖区内。"]


def test_agency_search_stays_within_the_jurisdiction(client, official_a, agency_a, agency_b):
    assert _get(client, official_a, AGENCIES, q="应急管理局").json()["results"] == [
        {"id": agency_a.pk, "text": "南宁市应急管理局", "sub": "南宁市"}
    ]
    assert _get(client, official_a, AGENCIES, q="").status_code == 400


# --- Trees ---------------------------------------------------------------------------------------


def test_region_tree_starts_at_the_officials_region_and_opens_level_by_level(client, official_a):
    roots = _get(client, official_a, "/lookup/tree/region/").json()["results"]
    assert roots == [{"code": "450100", "name": "南宁市", "has_children": True}]
    children = _get(client, official_a, "/lookup/tree/region/", parent="450100").json()["results"]
    assert {"code": "450102", "name": "兴宁区", "has_children": True} in children
    townships = _get(client, official_a, "/lookup/tree/region/", parent="450102").json()["results"]
    assert {"code": "450102001", "name": "民生街道", "has_children": False} in townships


def test_region_tree_search_names_the_path_below_the_users_root(client, official_a):
    rows = _get(client, official_a, "/lookup/tree/region/", q="民生").json()["results"]
    assert rows == [
        {"code": "450102001", "name": "民生街道", "has_children": False, "path_name": "南宁市 › 兴宁区 › 民生街道"}
    ]
    assert _get(client, official_a, "/lookup/tree/region/", q="城中").json()["results"] == []  # 柳州's


def test_region_tree_refuses_a_node_outside_the_jurisdiction_naming_the_parameter(client, official_a):
    response = _get(client, official_a, "/lookup/tree/region/", parent="450200")
    assert response.status_code == 400
    assert response.json()["errors"]["parent"] == ["上级节点（parent）不存在或不在您的辖区内：450200"]
    assert _get(client, official_a, "/lookup/tree/planet/").status_code == 404


def test_industry_tree_of_a_department_supervising_one_industry_starts_there(client, construction_official):
    roots = _get(client, construction_official, "/lookup/tree/industry/").json()["results"]
    assert [r["code"] for r in roots] == ["construction"]


def test_industry_tree_of_a_comprehensive_agency_has_chinese_names(client, official_a):
    roots = _get(client, official_a, "/lookup/tree/industry/").json()["results"]
    assert {"code": "hazchem", "name": "危险化学品", "has_children": False} in roots
    assert {"code": "industry_trade", "name": "工贸", "has_children": True} in roots
    assert all(not r["name"].isascii() for r in roots)


# --- Widgets and forms ---------------------------------------------------------------------------


def test_plan_page_renders_a_picker_not_every_enterprise(client, official_a, enterprise_a):
    other = EnterpriseFactory(name="南宁另一家化工有限公司")
    client.force_login(official_a)
    html = client.get("/inspections/plan/", {"enterprise": enterprise_a.pk}).content.decode()
    assert 'data-picker="enterprise"' in html and 'data-url="/enterprises/search/"' in html
    assert 'data-picker="user"' in html
    assert "南宁邕江化工有限公司" in html  # the chosen one, with its region and code
    assert enterprise_a.uscc in html
    assert other.name not in html


def test_plan_form_refuses_an_enterprise_outside_the_jurisdiction(official_a, official_a2, enterprise_b):
    from campaigns.models import Campaign
    from core.models import Region
    from inspections.forms import PlanForm

    campaign = Campaign.objects.create(title="南宁专项", region=Region.objects.get(code="450100"))
    form = PlanForm(
        {
            "campaign": campaign.pk,
            "enterprise": enterprise_b.pk,
            "kind": "enforcement",
            "method": "scheduled",
            "inspectors": [official_a.pk, official_a2.pk],
        },
        user=official_a,
    )
    assert not form.is_valid()
    assert form.errors["enterprise"] == ["所选企业不存在或不在您的辖区内。"]
    html = str(form["enterprise"])
    assert enterprise_b.name not in html  # a refused id is not echoed with its name


def test_plan_form_refuses_an_inspector_of_another_region(official_a, official_b, enterprise_a):
    from inspections.forms import PlanForm

    form = PlanForm({"enterprise": enterprise_a.pk, "inspectors": [official_a.pk, official_b.pk]}, user=official_a)
    assert not form.is_valid()
    assert form.errors["inspectors"] == [f"所选检查人员（{official_b.pk}）不在可选范围内。"]


def test_selected_inspectors_are_rendered_with_agency_and_certificate(official_a, official_a2):
    from inspections.forms import PlanForm

    html = str(PlanForm({"inspectors": [official_a2.pk]}, user=official_a)["inspectors"])
    assert "multiple" in html and "陆建明" in html and "GX002" in html and "黄海燕" not in html


def test_bad_picker_values_render_nothing_and_are_refused(official_a):
    from inspections.forms import PlanForm

    form = PlanForm({"enterprise": "abc", "inspectors": ["x"]}, user=official_a)
    assert not form.is_valid()
    assert "enterprise" in form.errors and "inspectors" in form.errors
    assert '<option value="abc"' not in str(form["enterprise"])


def test_group_form_refuses_a_member_of_another_region(official_a, official_a2, official_b):
    from campaigns.forms import GroupForm
    from campaigns.models import Campaign
    from core.models import Region

    campaign = Campaign.objects.create(title="南宁专项", region=Region.objects.get(code="450100"))
    form = GroupForm(
        {"name": "第一组", "user_1": official_a.pk, "user_2": official_b.pk}, campaign=campaign, user=official_a
    )
    assert not form.is_valid()
    assert form.errors["user_2"] == ["所选人员不是本辖区监管人员或本行动专家库专家。"]
    ok = GroupForm(
        {"name": "第一组", "user_1": official_a.pk, "user_2": official_a2.pk}, campaign=campaign, user=official_a
    )
    assert ok.is_valid(), ok.errors
    assert [(u.username, role) for u, role in ok.members()] == [("official_a", "member"), ("official_a2", "member")]


def test_public_report_verification_offers_a_picker_not_a_list(client, official_a, agency_a, enterprise_a):
    from core.models import Industry, Region
    from hazards.models import PublicReport

    PublicReport.objects.create(
        agency=agency_a,
        description="仓库堆放杂物",
        location="民生街道",
        region=Region.objects.get(code="450102001"),
        industry=Industry.objects.get(code="hazchem"),
        tracking_number="JB0001",
    )
    client.force_login(official_a)
    html = client.get("/hazards/reports/").content.decode()
    assert 'data-picker="enterprise"' in html and "仓库堆放杂物" in html
    assert "南宁邕江化工有限公司" not in html


def test_expert_conflict_form_uses_the_registry_wide_picker(client, outsider, enterprise_b):
    client.force_login(outsider)
    html = client.get("/inspections/conflicts/").content.decode()
    assert 'data-url="/enterprises/search/?for=conflict"' in html
    response = client.post("/inspections/conflicts/", {"enterprise_uscc": enterprise_b.uscc, "reason": ""})
    assert enterprise_b.name in response.content.decode()  # the chosen enterprise stays chosen


def test_list_filters_show_chinese_names_of_the_chosen_region_and_industry(client, official_a, enterprise_a):
    client.force_login(official_a)
    html = client.get("/enterprises/", {"region": "450102", "industry": "hazchem"}).content.decode()
    assert 'data-picker="region-tree"' in html and 'data-picker="industry-tree"' in html
    assert '<option value="450102" selected>兴宁区</option>' in html
    assert '<option value="hazchem" selected>危险化学品</option>' in html
    assert 'placeholder="450100"' not in html and "hazchem</option>" not in html


def test_enterprise_user_sees_neither_region_filter_nor_their_own_name_on_every_hazard(
    client, enterprise_user, enterprise_a, official_a
):
    from hazards.models import Hazard

    Hazard.objects.create(
        enterprise=enterprise_a,
        status="assigned",
        level="general",
        source="finding",
        description="消防通道堵塞",
        location="仓库",
        responsible_person="张三",
        measures="清理通道",
        executor="李四",
        acceptor="王五",
        deadline=date(2099, 1, 1),
    )
    client.force_login(enterprise_user)
    html = client.get("/hazards/").content.decode()
    assert 'name="region"' not in html and "区划" not in html
    assert 'class="table table-sm table-hover align-middle table-cards"' in html
    assert 'data-label="企业"' not in html
    assert 'data-label="整改期限">2099-01-01' in html
    listing = client.get("/enterprises/").content.decode()
    assert 'data-picker="region-tree"' not in listing
