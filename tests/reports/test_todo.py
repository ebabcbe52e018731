"""The home page as a to-do list (待办) by role, and `GET /api/v1/me/todo/`.

Rows are made in region A (南宁: enterprise_a) and region B (柳州: enterprise_b); every count is
checked against the rows made by hand, the B rows never count for A's users, and every item's link
lists exactly `count` rows — the very rows the to-do counts.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from accounts.choices import UserKind
from campaigns.models import ReportRequirement, Submission
from enforcement.models import BlacklistEntry, EnforcementAction
from hazards.models import Hazard, PublicReport, RectificationSubmission
from hazards.todo import HAZARD_TODOS
from inspections.models import ExpertConflict, Inspection
from reports.models import StatReport
from reports.statistics.figures import rows_of
from reports.statistics.scope import TOTAL, make_scope
from reports.todo import todo_items
from tests.factories import AgencyFactory, UserFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PLAN = {
    "responsibility": "设备部",
    "funds_planned": Decimal("50000"),
    "contingency_plan": "专项预案",
    "reported_to_department_on": TODAY,
    "reported_to_congress_on": TODAY,
}


def _hazard(enterprise, **fields):
    defaults = {"source": "inspection", "description": "隐患", "level": "general", "status": "rectifying"}
    return Hazard.objects.create(enterprise=enterprise, **{**defaults, **fields})


def _rows(world_side: dict) -> dict:
    """One enterprise's rows of every kind; returns the objects that should count."""
    e = world_side["enterprise"]
    agency = world_side["agency"]
    author = world_side["author"]
    out = {}
    out["awaiting"] = _hazard(e, status="awaiting_acceptance", deadline=TODAY + 10 * DAY)
    out["overdue"] = _hazard(e, status="rectifying", deadline=TODAY - 3 * DAY)
    out["major_missing"] = _hazard(e, level="major", status="reported", deadline=TODAY + 30 * DAY)
    out["major_complete"] = _hazard(e, level="major", status="rectifying", deadline=TODAY + 30 * DAY, **PLAN)
    out["rejected"] = _hazard(e, status="rectifying", deadline=TODAY + 5 * DAY)
    RectificationSubmission.objects.create(hazard=out["rejected"], description="已整改", submitted_by=author)
    out["closed"] = _hazard(e, status="closed", deadline=TODAY - 9 * DAY, closed_at=timezone.now())
    insp = {"enterprise": e, "agency": agency}
    out["this_week"] = Inspection.objects.create(
        kind="enforcement", status="planned", planned_start=TODAY, planned_end=TODAY + DAY, **insp
    )
    out["in_progress"] = Inspection.objects.create(kind="patrol", status="in_progress", **insp)
    out["next_month"] = Inspection.objects.create(
        kind="enforcement", status="planned", planned_start=TODAY + 40 * DAY, **insp
    )
    out["self_open"] = Inspection.objects.create(
        kind="self", status="planned", planned_start=TODAY - 20 * DAY, planned_end=TODAY - DAY, enterprise=e
    )
    out["submitted"] = Inspection.objects.create(kind="enforcement", status="submitted", **insp)
    region, industry = e.region, e.industries.first()
    report = {"location": "某路", "region": region, "industry": industry, "agency": agency}
    out["public_report"] = PublicReport.objects.create(tracking_number=f"T{e.pk}A", description="举报", **report)
    PublicReport.objects.create(tracking_number=f"T{e.pk}B", description="已核", status="dismissed", **report)
    action = {"agency": agency, "enterprise": e, "description": "罚款", "amount": Decimal("80000")}
    out["pending_action"] = EnforcementAction.objects.create(
        kind="fine", status="pending_review", author=author, **action
    )
    EnforcementAction.objects.create(kind="fine", status="effective", author=author, **action)
    notice = {"enterprise": e, "agency": agency, "reason": "拒不整改", "legal_basis": "第九十条", "created_by": author}
    out["notice"] = BlacklistEntry.objects.create(
        status="noticed", noticed_on=TODAY, objection_until=TODAY + 7 * DAY, **notice
    )
    BlacklistEntry.objects.create(
        status="noticed",
        noticed_on=TODAY,
        objection_until=TODAY + 7 * DAY,
        objection="已申辩",
        objected_at=timezone.now(),
        **notice,
    )
    BlacklistEntry.objects.create(status="noticed", noticed_on=TODAY - 30 * DAY, objection_until=TODAY - DAY, **notice)
    return out


@pytest.fixture
def world(official_a, official_b, agency_a, agency_b, enterprise_a, enterprise_b, region, legal_a, outsider):
    from campaigns.services import campaign_create
    from core.models import Industry

    a = _rows({"enterprise": enterprise_a, "agency": agency_a, "author": official_a})
    b = _rows({"enterprise": enterprise_b, "agency": agency_b, "author": official_b})
    # the legal reviewer's own decision is not theirs to review
    a["own_action"] = EnforcementAction.objects.create(
        kind="suspension",
        status="pending_review",
        author=legal_a,
        agency=agency_a,
        enterprise=enterprise_a,
        description="停产整顿",
    )
    campaign = campaign_create(
        actor=official_a,
        title="南宁市危险化学品专项整治",
        kind="special",
        region=region("450100"),
        industries=[Industry.objects.get(code="hazchem")],
        period_start=TODAY - 60 * DAY,
        period_end=TODAY + 200 * DAY,
        phases=[],
    )
    requirement = ReportRequirement.objects.create(
        campaign=campaign, title="自查情况", recurrence="once", submitters="enterprises", due_date=TODAY
    )
    unit = {"requirement": requirement, "region_path": enterprise_a.region_path}

    def submission(key, due, **fields):
        return Submission.objects.create(unit_key=key, due_date=due, period_label=str(due), **unit, **fields)

    e_key, ag_key = f"enterprise:{enterprise_a.pk}", f"agency:{agency_a.pk}"
    a["sub_due"] = submission(e_key, TODAY + 5 * DAY, enterprise=enterprise_a)
    a["sub_late"] = submission(e_key, TODAY - 5 * DAY, enterprise=enterprise_a)
    submission(e_key, TODAY - 10 * DAY, enterprise=enterprise_a, submitted_at=timezone.now())
    a["agency_due"] = submission(ag_key, TODAY + 3 * DAY, agency=agency_a)
    # statistics reports: a district's submitted one counts for the city; the city's own does not
    stat = {"campaign": campaign, "form": "seed004", "period": "2026-06", "period_end": TODAY}
    a["stat_sub"] = StatReport.objects.create(region=region("450102"), status="submitted", **stat)
    StatReport.objects.create(region=region("450103"), status="accepted", **stat)
    StatReport.objects.create(region=region("450100"), status="submitted", **stat)
    StatReport.objects.create(region=region("450202"), status="submitted", **stat)
    # the expert: named on one open inspection of A; one conflict in force, one withdrawn
    a["this_week"].inspectors.add(outsider)
    a["conflict"] = ExpertConflict.objects.create(expert=outsider, enterprise=enterprise_b, reason="曾任顾问")
    ExpertConflict.objects.create(expert=outsider, enterprise=enterprise_a, reason="亲属", withdrawn_at=timezone.now())
    return {"a": a, "b": b, "campaign": campaign}


def _page(user):
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return client, response


def _items(response) -> dict[str, dict]:
    return {item["key"]: item for group in response.context["groups"] for item in group["items"]}


def _listed(client, url) -> list[int]:
    """The primary keys a list page shows (all on one page here)."""
    response = client.get(url)
    assert response.status_code == 200, url
    ctx = response.context
    if "page_obj" in ctx and ctx["page_obj"] is not None:
        assert len(ctx["page_obj"]) <= ctx["page_obj"].count
        return [o.pk for o in ctx["page_obj"].object_list]
    return [o.pk for o in ctx["rows"]]


def _check_links(client, items: dict, expected: dict[str, set]):
    """Every item counts exactly the expected rows and its link lists exactly them."""
    assert set(items) == set(expected)
    for key, pks in expected.items():
        assert items[key]["count"] == len(pks), key
        assert sorted(_listed(client, items[key]["url"])) == sorted(pks), key


def test_official_counts_their_jurisdiction_and_each_link_lists_those_rows(world, official_a):
    a = world["a"]
    client, response = _page(official_a)
    items = _items(response)
    _check_links(
        client,
        items,
        {
            "awaiting_acceptance": {a["awaiting"].pk},
            "overdue_hazards": {a["overdue"].pk},
            "major_plan_missing": {a["major_missing"].pk},
            "inspections_this_week": {a["this_week"].pk, a["in_progress"].pk},
            "public_reports": {a["public_report"].pk},
            "stat_reports_to_review": {a["stat_sub"].pk},
            "submissions_due": {a["agency_due"].pk},
            "submissions_overdue": set(),
        },
    )
    assert items["overdue_hazards"]["late"] == 1
    page = response.content.decode()
    assert 'data-todo="overdue_hazards"' in page and "border-danger" in page
    assert "辖区企业" in page and response.context["enterprise_count"] == "1"


def test_official_of_region_b_counts_only_region_b(world, official_b):
    b = world["b"]
    _client, response = _page(official_b)
    items = _items(response)
    assert items["awaiting_acceptance"]["count"] == 1
    assert items["overdue_hazards"]["count"] == 1
    assert items["public_reports"]["count"] == 1  # routed to 柳州's agency
    assert items["stat_reports_to_review"]["count"] == 1  # 城中区 (450202)
    rows = HAZARD_TODOS["awaiting_acceptance"].rows(official_b)
    assert list(rows.values_list("pk", flat=True)) == [b["awaiting"].pk]


def test_legal_reviewer_sees_decisions_of_their_agency_awaiting_review_but_not_their_own(world, legal_a):
    client, response = _page(legal_a)
    items = _items(response)
    _check_links(client, items, {"legal_review": {world["a"]["pending_action"].pk}})
    assert "辖区企业" in response.content.decode()


def test_leader_gets_the_dashboard_summary_from_the_statistics_and_their_approvals(world, leader_a):
    a = world["a"]
    client, response = _page(leader_a)
    items = _items(response)
    summary = next(g for g in response.context["groups"] if g["key"] == "summary")
    assert summary["link"] == "/dashboard/"
    scope = make_scope(region=leader_a.agency.region, period=TOTAL, viewer=leader_a)
    for item in summary["items"]:
        figure = item["key"].removeprefix("summary_")
        assert item["count"] == rows_of(figure, scope).count(), figure
        assert client.get(item["url"]).context["page_obj"].count == item["count"], figure
    by_key = {i["key"]: i["count"] for i in summary["items"]}
    assert by_key["summary_hazards_overdue"] == 1  # a's overdue hazard; the closed one is not
    assert by_key["summary_hazards_found"] == 6
    approvals = {k: v for k, v in items.items() if not k.startswith("summary_")}
    _check_links(
        client,
        approvals,
        {"inspections_to_review": {a["submitted"].pk}, "stat_reports_to_review": {a["stat_sub"].pk}},
    )
    assert 'href="/dashboard/"' in response.content.decode()


def test_enterprise_user_sees_their_own_work_with_deadlines(world, enterprise_user):
    a = world["a"]
    client, response = _page(enterprise_user)
    items = _items(response)
    _check_links(
        client,
        items,
        {
            "self_inspections_due": {a["self_open"].pk},
            "hazards_to_rectify": {a["overdue"].pk, a["major_missing"].pk, a["major_complete"].pk, a["rejected"].pk},
            "rectifications_rejected": {a["rejected"].pk},
            "submissions_due": {a["sub_due"].pk},
            "submissions_overdue": {a["sub_late"].pk},
            "blacklist_notices": {a["notice"].pk},
        },
    )
    assert items["hazards_to_rectify"]["late"] == 1
    assert items["self_inspections_due"]["late"] == 1
    page = response.content.decode()
    assert "我的自查" in page and "deadline-overdue" in page
    assert (TODAY - 3 * DAY).isoformat() in page  # the overdue hazard's deadline is shown
    assert "辖区企业" not in page


def test_expert_sees_their_inspections_and_conflicts_and_no_jurisdiction_card(world, outsider):
    a = world["a"]
    client, response = _page(outsider)
    items = _items(response)
    _check_links(client, items, {"expert_inspections": {a["this_week"].pk}, "expert_conflicts": {a["conflict"].pk}})
    page = response.content.decode()
    assert "辖区企业" not in page
    assert "本单位报送" not in page


def test_an_empty_todo_says_so(db):
    agency = AgencyFactory(name="兴县应急管理局")
    user = UserFactory(kind=UserKind.OFFICIAL, agency=agency, role="inspector")
    _client, response = _page(user)
    assert all(item["count"] == 0 for item in _items(response).values())
    assert "暂无待办" in response.content.decode()


def test_api_answers_the_same_items_as_the_page(world, official_a, enterprise_user, outsider, leader_a, api_for):
    for user in (official_a, enterprise_user, outsider, leader_a):
        _client, response = _page(user)
        page = [
            {k: item[k] for k in ("key", "label", "count", "more", "url")}
            for group in response.context["groups"]
            for item in group["items"]
        ]
        answer = api_for(user).get("/api/v1/me/todo/")
        assert answer.status_code == 200
        assert answer.json() == page
        assert answer.json() == todo_items(user)


def test_anonymous_is_sent_to_login_and_the_api_answers_401(db):
    assert Client().get("/").status_code == 302
    assert "/accounts/login/" in Client().get("/")["Location"]
    response = Client().get("/api/v1/me/todo/")
    assert response.status_code == 401


def test_an_unknown_todo_key_lists_nothing_not_everything(world, official_a):
    client = Client()
    client.force_login(official_a)
    assert client.get("/hazards/?todo=nonsense").context["page_obj"].count == 0
    assert client.get("/hazards/?todo=public_reports").context["page_obj"].count == 0
    assert client.get("/hazards/").context["page_obj"].count == 6


def test_another_users_todo_link_shows_only_what_the_viewer_may_see(world, official_b, enterprise_user):
    """A link copied from another region's home page lists only the viewer's own rows."""
    client = Client()
    client.force_login(enterprise_user)
    listed = client.get("/hazards/?todo=overdue_hazards").context["page_obj"]
    assert [h.pk for h in listed.object_list] == [world["a"]["overdue"].pk]
    assert client.get("/reports/stat-reports/?todo=stat_reports_to_review").status_code == 403


def test_major_plan_missing_is_the_negation_of_the_models_rule(world, official_a):
    rows = HAZARD_TODOS["major_plan_missing"].rows(official_a)
    assert rows.exists()
    assert all(not h.major_plan_complete for h in rows)
    complete = Hazard.objects.filter(level="major").exclude(pk__in=rows.values("pk")).exclude(status="closed")
    assert all(h.major_plan_complete for h in complete.filter(enterprise=world["a"]["overdue"].enterprise))


def test_schema_documents_the_todo_endpoint(db, official_a):
    client = Client()
    client.force_login(official_a)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/me/todo/"]["get"]
    item = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert item["type"] == "array"


def test_superuser_sees_every_region_in_the_todo(world, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x", kind=UserKind.OFFICIAL)
    _client, response = _page(admin)
    items = _items(response)
    assert items["awaiting_acceptance"]["count"] == 2  # A's and B's
    assert items["stat_reports_to_review"]["count"] == 3  # every submitted report
    assert "submissions_due" not in items  # no unit of its own


def test_counts_beyond_the_limit_show_a_floor_not_a_province_wide_count(world, official_a, settings, api_for):
    """Above LIST_EXACT_COUNT_LIMIT rows an item says "N+" (counted no further); below, the exact count."""
    settings.LIST_EXACT_COUNT_LIMIT = 1
    hazards = HAZARD_TODOS["overdue_hazards"].rows(official_a)
    assert hazards.count() == 1
    _client, response = _page(official_a)
    items = _items(response)
    assert (items["overdue_hazards"]["count"], items["overdue_hazards"]["more"]) == (1, False)
    assert items["overdue_hazards"]["all_late"]  # its one row is late: the card says 逾期
    settings.LIST_EXACT_COUNT_LIMIT = 0
    _client, response = _page(official_a)
    item = _items(response)["overdue_hazards"]
    assert (item["count"], item["more"], item["shown"]) == (0, True, "0+")
    assert "data-todo-count>0+</span>" in response.content.decode()
    # Both counts stopped at the limit: "其中逾期 0+", never "逾期" as if every row were late.
    assert (item["late_shown"], item["all_late"]) == ("0+", False)
    assert "其中逾期 0+" in response.content.decode()
    api = {i["key"]: i for i in api_for(official_a).get("/api/v1/me/todo/").json()}
    assert api["overdue_hazards"]["more"] is True
