"""Notifications (消息): each feeding service tells the right people and nobody else, each event once;
the centre, the badge and the API show a user their own notifications only. Email: test_notification_email.py."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts.models import Notification
from accounts.services import notify
from core.errors import DomainError
from tests.factories import AgencyFactory, UserFactory
from tests.hazards.conftest import photo

D = datetime.date(2026, 6, 10)


def notified(kind=None) -> dict[str, list[str]]:
    """{username: [kind, ...]} of every notification (of one kind)."""
    out: dict[str, list[str]] = {}
    qs = Notification.objects.select_related("recipient").order_by("id")
    if kind:
        qs = qs.filter(kind=kind)
    for n in qs:
        out.setdefault(n.recipient.username, []).append(n.kind)
    return out


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- the service itself -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_event_never_notifies_the_same_person_twice(official_a, official_a2):
    first = notify(recipients=[official_a], kind="bulletin_issued", title="通报", url="/x/", key="event:1")
    again = notify(recipients=[official_a, official_a2], kind="bulletin_issued", title="通报", url="/x/", key="event:1")
    other = notify(recipients=[official_a], kind="bulletin_issued", title="通报", url="/x/", key="event:2")
    assert [n.recipient for n in first] == [official_a]
    assert [n.recipient for n in again] == [official_a2]  # official_a had it already
    assert len(other) == 1
    assert Notification.objects.filter(recipient=official_a).count() == 2


@pytest.mark.django_db
@translation.override("zh-hans")  # a request of an earlier test may have left English active
def test_bad_notification_input_is_refused_naming_the_field(official_a):
    with pytest.raises(DomainError, match="消息类型") as kind:
        notify(recipients=[official_a], kind="gossip", title="x", key="k")
    assert kind.value.field == "kind"
    with pytest.raises(DomainError, match="事件标识") as key:
        notify(recipients=[official_a], kind="bulletin_issued", title="x", key=" ")
    assert key.value.field == "key"
    with pytest.raises(DomainError, match="标题") as title:
        notify(recipients=[official_a], kind="bulletin_issued", title="", key="k")
    assert title.value.field == "title"
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_inactive_users_are_not_notified(official_a, official_a2):
    official_a2.is_active = False
    official_a2.save()
    notify(recipients=[official_a, official_a2], kind="bulletin_issued", title="通报", key="e")
    assert notified() == {"official_a": ["bulletin_issued"]}


# --- hazards: review request, acceptance, rejection, escalation ---------------------------------


@pytest.mark.django_db
def test_a_submitted_rectification_asks_the_responsible_officials_and_nobody_else(
    responsible, make_hazard, enterprise_user, official_a, official_a2, leader_a, legal_a, official_b, enterprise_user_b
):
    from hazards.services import hazard_submit_rectification

    hazard = make_hazard(status="rectifying")
    hazard_submit_rectification(hazard=hazard, actor=enterprise_user, description="已更换报警器", photos=[photo()])
    assert notified() == {
        "official_a": ["rectification_review"],
        "official_a2": ["rectification_review"],
        "leader_a": ["rectification_review"],
    }
    n = Notification.objects.get(recipient=official_a)
    assert n.url == f"/hazards/{hazard.pk}/"
    assert "南宁邕江化工有限公司" in n.title and "储罐区可燃气体报警器失效" in n.body
    assert n.read_at is None


@pytest.mark.django_db
def test_without_a_responsible_agency_the_most_local_covering_agency_is_asked(
    make_hazard, enterprise_user, official_a, construction_official
):
    from core.models import Region
    from hazards.services import hazard_submit_rectification

    county = AgencyFactory(name="兴宁区应急管理局", region=Region.objects.get(code="450102"))
    county_official = UserFactory(username="xn_inspector", agency=county, role="inspector")
    hazard = make_hazard(status="rectifying")
    hazard_submit_rectification(hazard=hazard, actor=enterprise_user, description="已整改", photos=[photo()])
    assert notified() == {county_official.username: ["rectification_review"]}


@pytest.mark.django_db
def test_rejection_then_acceptance_reach_the_enterprise_users_only(
    responsible, make_hazard, enterprise_user, enterprise_user_b, official_a
):
    from hazards.services import hazard_accept, hazard_reject, hazard_submit_rectification

    hazard = make_hazard(status="awaiting_acceptance")
    hazard = hazard_reject(hazard=hazard, actor=official_a, reason="照片不清楚")
    hazard = hazard_submit_rectification(hazard=hazard, actor=enterprise_user, description="重拍", photos=[photo()])
    hazard_accept(hazard=hazard, actor=official_a, note="合格")
    assert notified("rectification_rejected") == {"ent_a": ["rectification_rejected"]}
    assert notified("rectification_accepted") == {"ent_a": ["rectification_accepted"]}
    assert "照片不清楚" in Notification.objects.get(kind="rectification_rejected").body
    assert "ent_b" not in notified()


@pytest.mark.django_db
def test_escalation_tells_the_enterprise_then_the_agency_once_each(
    responsible, make_hazard, enterprise_user, official_a, official_b, enterprise_user_b
):
    from hazards.services import hazards_escalate

    hazard = make_hazard(status="rectifying", deadline=D)
    hazards_escalate(today=D + datetime.timedelta(days=1))
    hazards_escalate(today=D + datetime.timedelta(days=1))
    assert notified() == {"ent_a": ["hazard_overdue"]}
    hazards_escalate(today=D + datetime.timedelta(days=4))
    hazards_escalate(today=D + datetime.timedelta(days=5))
    assert notified() == {"ent_a": ["hazard_overdue"], "official_a": ["hazard_escalated"]}
    assert {n.url for n in Notification.objects.all()} == {f"/hazards/{hazard.pk}/"}


# --- enforcement: legal review ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_major_decision_asks_the_agencys_legal_reviewers_and_the_outcome_returns_to_its_author(
    official_a, official_a2, legal_a, agency_b, enterprise_a
):
    from enforcement.services import enforcement_create, enforcement_review

    legal_b = UserFactory(username="legal_b", agency=agency_b, role="legal")
    small = enforcement_create(
        actor=official_a, kind="fine", description="罚款", enterprise=enterprise_a, amount=Decimal("1000")
    )
    assert small.status == "effective" and not Notification.objects.exists()
    action = enforcement_create(
        actor=official_a, kind="fine", description="罚款", enterprise=enterprise_a, amount=Decimal("80000")
    )
    assert notified() == {"legal_a": ["legal_review"]}
    n = Notification.objects.get(recipient=legal_a)
    assert n.url == f"/hazards/enforcement/{action.pk}/" and "80,000.00" in n.body
    enforcement_review(action=action, actor=legal_a, approve=False, note="证据不足")
    assert notified("legal_review_done") == {"official_a": ["legal_review_done"]}
    assert "证据不足" in Notification.objects.get(kind="legal_review_done").body
    assert legal_b.username not in notified() and "official_a2" not in notified()


# --- campaigns and inspections: 催报, 催办 -------------------------------------------------------


@pytest.fixture
def late_report(official_gx, region, agency_a, agency_b):
    """A Guangxi campaign running now with a report due five days ago by 南宁 and 柳州."""
    from campaigns.services import campaign_create, requirement_add

    for agency in (agency_a, agency_b):
        agency.parent = official_gx.agency
        agency.save()
    today = timezone.localdate()
    campaign = campaign_create(
        actor=official_gx,
        title="全区安全生产大排查",
        region=region("450000"),
        period_start=today - timedelta_days(60),
        period_end=today + timedelta_days(60),
    )
    return requirement_add(
        actor=official_gx,
        campaign=campaign,
        title="排查情况汇总",
        recurrence="once",
        due_date=today - timedelta_days(5),
        submitters="lower_agencies",
    )


def timedelta_days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.mark.django_db
def test_a_reminder_reaches_the_late_units_officials_and_the_daily_job_once_a_day(
    late_report, official_gx, agency_a, official_a, legal_a, official_b
):
    from campaigns.services import submission_remind, submissions_remind_overdue

    submission = late_report.submissions.get(agency=agency_a)
    submission_remind(actor=official_gx, submission=submission, note="请今天报送")
    assert notified() == {"official_a": ["submission_reminder"]}
    n = Notification.objects.get()
    assert n.url == f"/campaigns/submissions/{submission.pk}/" and "请今天报送" in n.body
    assert "全区安全生产大排查" in n.title
    today = timezone.localdate()
    submissions_remind_overdue(today=today)
    submissions_remind_overdue(today=today)
    assert notified() == {
        "official_a": ["submission_reminder", "submission_reminder"],
        "official_b": ["submission_reminder"],
    }


@pytest.mark.django_db
def test_an_overdue_self_inspection_reminds_the_enterprise_users_once_a_day(
    enterprise_a, enterprise_user, enterprise_user_b, official_a
):
    from inspections.models import Inspection
    from inspections.services import self_inspections_remind_overdue

    inspection = Inspection.objects.create(kind="self", status="planned", enterprise=enterprise_a, planned_end=D)
    assert self_inspections_remind_overdue(today=D + timedelta_days(1)) == 1
    assert self_inspections_remind_overdue(today=D + timedelta_days(1)) == 0
    assert notified() == {"ent_a": ["self_inspection_reminder"]}
    assert Notification.objects.get().url == f"/inspections/{inspection.pk}/"
    self_inspections_remind_overdue(today=D + timedelta_days(2))
    assert notified() == {"ent_a": ["self_inspection_reminder", "self_inspection_reminder"]}


# --- reports: returned statistics report, issued bulletin ---------------------------------------


@pytest.mark.django_db
def test_a_returned_report_goes_to_the_units_officials(world, districts, official_a, official_b):
    from core.models import Region
    from reports import services

    xn = districts["450102"]["official"]
    report, _ = services.stat_report_generate(
        actor=official_a, campaign=world["campaign"], region=Region.objects.get(code="450102"), period="2026-06",
        form="seed004",
    )  # fmt: skip
    report = services.stat_report_submit(actor=xn, report=report)
    assert not Notification.objects.exists()
    services.stat_report_return(actor=official_a, report=report, reason="检查次数与台账不符")
    assert notified() == {xn.username: ["report_returned"]}
    n = Notification.objects.get()
    assert n.url == f"/reports/stat-reports/{report.pk}/" and "检查次数与台账不符" in n.body


@pytest.mark.django_db
def test_an_issued_bulletin_goes_to_the_units_it_addresses(world, districts, official_a, official_b):
    from core.models import Region
    from reports.bulletins import bulletin_create, bulletin_issue

    bulletin = bulletin_create(
        actor=official_a, region=Region.objects.get(code="450100"), period="2026-06", campaign=world["campaign"]
    )
    assert not Notification.objects.exists()  # a draft tells nobody
    bulletin_issue(actor=official_a, bulletin=bulletin, doc_number="南应急通〔2026〕3号")
    assert notified() == {"xn_t": ["bulletin_issued"], "qx_t": ["bulletin_issued"]}
    assert set(Notification.objects.values_list("url", flat=True)) == {f"/reports/bulletins/{bulletin.pk}/"}
    # the link opens for the addressed unit
    assert client_for(districts["450102"]["official"]).get(f"/reports/bulletins/{bulletin.pk}/").status_code == 200


# --- the centre, the badge, the API -------------------------------------------------------------


@pytest.fixture
def inbox(official_a, official_b):
    old = notify(recipients=[official_a], kind="bulletin_issued", title="旧通报", url="/reports/bulletins/", key="a")
    new = notify(
        recipients=[official_a], kind="report_returned", title="报表退回", url="/reports/stat-reports/", key="b"
    )
    Notification.objects.filter(pk=old[0].pk).update(created_at=timezone.now() - timedelta_days(1))
    theirs = notify(recipients=[official_b], kind="bulletin_issued", title="柳州的消息", url="/", key="c")
    return {"old": old[0], "new": new[0], "theirs": theirs[0]}


@pytest.mark.django_db
def test_the_badge_counts_unread_and_the_centre_lists_unread_first(inbox, official_a):
    c = client_for(official_a)
    home = c.get("/").content.decode()
    assert 'data-testid="unread-badge" aria-label="未读消息">2</span>' in home
    c.get(f"/notifications/{inbox['new'].pk}/")  # read the newer one
    page = c.get("/notifications/").content.decode()
    assert page.index("旧通报") < page.index("报表退回")  # unread first
    assert "柳州的消息" not in page
    assert 'aria-label="未读消息">1</span>' in page


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_goes_to_its_object(inbox, official_a, official_b):
    response = client_for(official_a).get(f"/notifications/{inbox['old'].pk}/")
    assert response.status_code == 302 and response["Location"] == "/reports/bulletins/"
    inbox["old"].refresh_from_db()
    assert inbox["old"].read_at is not None
    assert client_for(official_b).get(f"/notifications/{inbox['new'].pk}/").status_code == 404


@pytest.mark.django_db
def test_a_notification_linking_off_site_lands_on_the_centre(official_a):
    (row,) = notify(recipients=[official_a], kind="bulletin_issued", title="x", url="https://evil.example/", key="e")
    response = client_for(official_a).get(f"/notifications/{row.pk}/")
    assert response["Location"] == "/notifications/"


@pytest.mark.django_db
def test_read_all_marks_only_the_users_own(inbox, official_a):
    c = client_for(official_a)
    assert c.get("/notifications/read-all/").status_code == 405
    c.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=official_a, read_at=None).exists()
    assert Notification.objects.get(pk=inbox["theirs"].pk).read_at is None
    assert "unread-badge" not in c.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_the_centre_paginates(official_a):
    for i in range(25):
        notify(recipients=[official_a], kind="bulletin_issued", title=f"通报{i:02d}", key=f"p{i}")
    c = client_for(official_a)
    first = c.get("/notifications/").content.decode()
    cursor = re.search(r'rel="next" href="\?cursor=([\w-]+)"', first)
    assert cursor, "no link to the next page"
    second = c.get(f"/notifications/?cursor={cursor.group(1)}").content.decode()
    assert "通报24" in first and "通报04" not in first
    assert "通报04" in second and "通报24" not in second and 'rel="prev"' in second


@pytest.mark.django_db
def test_api_lists_own_notifications_and_filters_unread(inbox, official_a, api_for):
    api = api_for(official_a)
    data = api.get("/api/v1/notifications/").json()
    assert data["count"] == 2 and {r["title"] for r in data["results"]} == {"旧通报", "报表退回"}
    assert data["results"][0]["kind_label"] == "报表退回" and data["results"][0]["is_read"] is False
    response = api.post(f"/api/v1/notifications/{inbox['new'].pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    unread = api.get("/api/v1/notifications/?unread=true").json()
    assert [r["title"] for r in unread["results"]] == ["旧通报"]
    read = api.get("/api/v1/notifications/?unread=false").json()
    assert [r["title"] for r in read["results"]] == ["报表退回"]
    bad = api.get("/api/v1/notifications/?unread=maybe")
    assert bad.status_code == 400 and "unread" in bad.json()
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert api.get("/api/v1/notifications/?unread=true").json()["count"] == 0


@pytest.mark.django_db
def test_api_another_users_notification_is_404(inbox, official_b, enterprise_user, api_for):
    for user in (official_b, enterprise_user):
        api = api_for(user)
        assert api.get(f"/api/v1/notifications/{inbox['new'].pk}/").status_code == 404
        assert api.post(f"/api/v1/notifications/{inbox['new'].pk}/read/").status_code == 404
    assert api_for(enterprise_user).post("/api/v1/notifications/read-all/").json() == {"marked": 0}
    assert Notification.objects.get(pk=inbox["new"].pk).read_at is None
    assert api_for(official_b).get("/api/v1/notifications/").json()["count"] == 1


@pytest.mark.django_db
def test_api_and_centre_need_a_login(inbox):
    assert Client().get("/notifications/").status_code == 302
    assert Client().get("/api/v1/notifications/").status_code in (401, 403)


@pytest.mark.django_db
def test_the_notification_endpoints_are_in_the_openapi_schema(official_a):
    schema = client_for(official_a).get("/api/schema/").content.decode()
    for path in ("/api/v1/notifications/:", "/api/v1/notifications/{id}/read/:", "/api/v1/notifications/read-all/:"):
        assert path in schema
    assert "NotificationKindEnum" in schema
