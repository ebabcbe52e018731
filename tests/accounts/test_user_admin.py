"""User administration (issue 12): agency administrators open, change and close the accounts of
their agency and the agencies below it, of enterprises in their jurisdiction and of the experts
their agencies manage; nobody grants a right they do not hold; initial passwords are changed at
first login; one-time set-password links; /api/v1/users/, /api/v1/me/, the page and the back office."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from core.models import AuditEntry, Region
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Lv7#qrTz2026"


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def admin_a(agency_a):
    return UserFactory(username="admin_a", display_name="韦志强", agency=agency_a, role="admin")


@pytest.fixture
def district_agency(agency_a):
    """兴宁区应急管理局, below 南宁市应急管理局."""
    return AgencyFactory(name="兴宁区应急管理局", region=Region.objects.get(code="450102"), parent=agency_a)


@pytest.fixture
def district_official(district_agency):
    return UserFactory(username="xn_a", display_name="潘志勇", agency=district_agency, role="inspector")


@pytest.fixture
def admin_b(agency_b):
    return UserFactory(username="admin_b", agency=agency_b, role="admin")


@pytest.fixture
def expert_a(agency_a):
    return UserFactory(username="expert_a", kind="expert", in_expert_pool=True, managed_by=agency_a)


def logs_in(username: str, password: str) -> bool:
    """A login through the page (axes wants the request)."""
    return Client().post("/accounts/login/", {"username": username, "password": password}).status_code == 302


def official_body(agency, **extra) -> dict:
    return {
        "username": "new_inspector",
        "kind": "official",
        "display_name": "新检查员",
        "agency": agency.pk,
        "role": "inspector",
        "cert_number": "GX45010999",
        "cert_valid_until": "2030-12-31",
        **extra,
    }


# --- who may administer, and whom ----------------------------------------------------------------


def test_admin_lists_users_of_their_agency_below_it_their_enterprises_and_experts(
    admin_a,
    official_a,
    district_official,
    enterprise_user,
    expert_a,
    official_b,
    enterprise_user_b,
    construction_official,
    outsider,
):
    rows = as_user(admin_a).get("/api/v1/users/?page_size=100").json()["results"]
    names = {r["username"] for r in rows}
    assert names == {"admin_a", "official_a", "xn_a", "ent_a", "expert_a"}
    # another agency of the same city (住建局) is not below the emergency bureau: not managed
    assert "construction_a" not in names and "official_b" not in names and "outsider" not in names


def test_filters_and_search_of_the_list(admin_a, official_a, district_official, enterprise_user):
    api = as_user(admin_a)
    assert [r["username"] for r in api.get("/api/v1/users/?kind=enterprise").json()["results"]] == ["ent_a"]
    assert [r["username"] for r in api.get("/api/v1/users/?search=潘志").json()["results"]] == ["xn_a"]
    agency = district_official.agency_id
    assert [r["username"] for r in api.get(f"/api/v1/users/?agency={agency}").json()["results"]] == ["xn_a"]
    bad = api.get("/api/v1/users/?kind=boss")
    assert bad.status_code == 400 and "kind" in bad.json()


def test_admin_of_another_region_gets_404_for_a_user_outside_their_subtree(admin_b, official_a, expert_a):
    api = as_user(admin_b)
    assert api.get(f"/api/v1/users/{official_a.pk}/").status_code == 404
    assert api.patch(f"/api/v1/users/{official_a.pk}/", {"display_name": "x"}, format="json").status_code == 404
    assert api.post(f"/api/v1/users/{official_a.pk}/password-link/", {}, format="json").status_code == 404
    assert api.get(f"/api/v1/users/{expert_a.pk}/").status_code == 404
    assert official_a.username not in {r["username"] for r in api.get("/api/v1/users/").json()["results"]}


@pytest.mark.parametrize("persona", ["official_a", "leader_a", "legal_a", "enterprise_user", "outsider"])
def test_people_who_are_not_agency_administrators_get_403(request, persona, agency_a, official_a2):
    api = as_user(request.getfixturevalue(persona))
    listing = api.get("/api/v1/users/")
    assert listing.status_code == 403 and "管理员" in listing.json()["detail"]
    assert api.post("/api/v1/users/", official_body(agency_a), format="json").status_code == 403
    assert api.patch(f"/api/v1/users/{official_a2.pk}/", {"role": "admin"}, format="json").status_code == 403
    assert not User.objects.filter(username="new_inspector").exists()
    official_a2.refresh_from_db()
    assert official_a2.role == "inspector"


def test_anonymous_gets_401(official_a):
    assert APIClient().get("/api/v1/users/").status_code == 401
    assert APIClient().get("/api/v1/me/").status_code == 401


def test_no_delete_and_no_put(admin_a, official_a):
    api = as_user(admin_a)
    assert api.delete(f"/api/v1/users/{official_a.pk}/").status_code == 405
    assert (
        api.put(f"/api/v1/users/{official_a.pk}/", official_body(official_a.agency), format="json").status_code == 405
    )
    assert User.objects.filter(pk=official_a.pk).exists()


# --- create ---------------------------------------------------------------------------------------


def test_admin_creates_an_official_of_an_agency_below_theirs(admin_a, district_agency):
    answer = as_user(admin_a).post(
        "/api/v1/users/", official_body(district_agency, password=GOOD_PASSWORD), format="json"
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["agency"]["name"] == "兴宁区应急管理局" and body["role"] == "inspector"
    assert body["cert_number"] == "GX45010999" and body["cert_valid_until"] == "2030-12-31"
    assert body["must_change_password"] is True and body["set_password_url"] is None
    assert "password" not in body
    user = User.objects.get(username="new_inspector")
    assert user.check_password(GOOD_PASSWORD) and not user.is_staff and not user.is_superuser
    assert user.has_valid_enforcement_cert(on=date(2030, 1, 1))
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk), action="user_create")
    assert entry.actor_id == admin_a.pk and entry.changes["password"] == "initial"
    assert GOOD_PASSWORD not in str(entry.changes)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": ""}, "username"),
        ({"username": "has space"}, "username"),
        ({"display_name": ""}, "display_name"),
        ({"kind": "boss"}, "kind"),
        ({"role": ""}, "role"),
        ({"role": "king"}, "role"),
        ({"agency": None}, "agency"),
        ({"cert_valid_until": None}, "cert_valid_until"),
        ({"cert_valid_until": "2030-02-30"}, "cert_valid_until"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"password": "12345678"}, "password"),
        ({"enterprise": 1}, "enterprise"),
        ({"specialties": ["hazchem"]}, "specialties"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_answers_400_naming_the_field(admin_a, agency_a, enterprise_a, change, field):
    body = {**official_body(agency_a), **change}
    if field == "enterprise":
        body["enterprise"] = enterprise_a.pk  # an enterprise on an official
    answer = as_user(admin_a).post("/api/v1/users/", body, format="json")
    assert answer.status_code == 400, answer.json()
    errors = answer.json()
    assert field in errors, errors
    assert re.search(r"[\u4e00-\u9fff]", str(errors[field])), errors  # a Chinese message
    assert not User.objects.filter(username=body["username"] or "-").exists()


def test_username_taken_is_refused(admin_a, agency_a, official_a):
    answer = as_user(admin_a).post("/api/v1/users/", official_body(agency_a, username="OFFICIAL_A"), format="json")
    assert answer.status_code == 400 and "已被使用" in answer.json()["username"][0]


def test_admin_cannot_place_a_user_in_an_agency_outside_their_subtree(admin_a, agency_b, construction_agency):
    api = as_user(admin_a)
    for agency in (agency_b, construction_agency):
        answer = api.post("/api/v1/users/", official_body(agency), format="json")
        assert answer.status_code == 400 and "agency" in answer.json(), answer.json()
    assert not User.objects.filter(username="new_inspector").exists()


def test_an_admin_of_a_single_industry_cannot_open_accounts_of_a_comprehensive_agency(construction_agency):
    """A 住建局 administrator with a comprehensive agency below it would hand out every industry."""
    admin = UserFactory(username="cons_admin", agency=construction_agency, role="admin")
    wide = AgencyFactory(name="兴宁区综合局", region=Region.objects.get(code="450102"), parent=construction_agency)
    answer = as_user(admin).post("/api/v1/users/", official_body(wide), format="json")
    assert answer.status_code == 400 and "agency" in answer.json()
    narrow = AgencyFactory(
        name="兴宁区住建局", kind="construction", comprehensive=False, region=wide.region, parent=construction_agency
    )
    narrow.industries.set(construction_agency.industries.all())
    assert as_user(admin).post("/api/v1/users/", official_body(narrow), format="json").status_code == 201


def test_enterprise_user_bound_to_an_enterprise_of_the_jurisdiction_only(admin_a, enterprise_a, enterprise_b):
    api = as_user(admin_a)
    body = {"username": "ent_new", "kind": "enterprise", "display_name": "安全员", "email": "aq@example.com"}
    refused = api.post("/api/v1/users/", {**body, "enterprise": enterprise_b.pk}, format="json")
    assert refused.status_code == 400 and "辖区" in refused.json()["enterprise"][0]
    missing = api.post("/api/v1/users/", body, format="json")
    assert missing.status_code == 400 and "enterprise" in missing.json()
    made = api.post("/api/v1/users/", {**body, "enterprise": enterprise_a.pk}, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["enterprise"] == {"id": enterprise_a.pk, "name": enterprise_a.name, "uscc": enterprise_a.uscc}
    # an agency or a role on an enterprise user is refused, not dropped
    both = api.post(
        "/api/v1/users/", {**body, "username": "ent_x", "enterprise": enterprise_a.pk, "role": "admin"}, format="json"
    )
    assert both.status_code == 400 and "role" in both.json()


def test_experts_of_the_pool_with_specialties(admin_a, admin_b):
    body = {
        "username": "expert_new",
        "kind": "expert",
        "display_name": "王专家",
        "organisation": "广西安全工程职业技术学院",
        "in_expert_pool": True,
        "specialties": ["hazchem", "dust_explosion"],
    }
    made = as_user(admin_a).post("/api/v1/users/", body, format="json")
    assert made.status_code == 201, made.json()
    assert sorted(made.json()["specialties"]) == ["dust_explosion", "hazchem"] and made.json()["in_expert_pool"]
    expert = User.objects.get(username="expert_new")
    assert expert.managed_by == admin_a.agency and expert.agency is None
    assert as_user(admin_b).get(f"/api/v1/users/{expert.pk}/").status_code == 404
    bad = as_user(admin_a).post("/api/v1/users/", {**body, "username": "e2", "specialties": ["nope"]}, format="json")
    assert bad.status_code == 400 and "specialties" in bad.json()


@pytest.mark.parametrize("field", ["is_staff", "is_superuser", "groups", "user_permissions", "managed_by"])
def test_back_office_rights_cannot_be_granted_through_the_api(admin_a, agency_a, official_a, field):
    value = True if field.startswith("is_") else [1]
    api = as_user(admin_a)
    created = api.post("/api/v1/users/", {**official_body(agency_a), field: value}, format="json")
    assert created.status_code == 400 and field in created.json()
    patched = api.patch(f"/api/v1/users/{official_a.pk}/", {field: value}, format="json")
    assert patched.status_code == 400 and field in patched.json()
    official_a.refresh_from_db()
    assert not official_a.is_staff and not official_a.is_superuser


def test_staff_and_superusers_are_not_managed_by_agency_administrators(admin_a, agency_a):
    boss = UserFactory(username="boss", agency=agency_a, role="admin", is_superuser=True, is_staff=True)
    api = as_user(admin_a)
    assert api.get(f"/api/v1/users/{boss.pk}/").status_code == 404
    assert api.patch(f"/api/v1/users/{boss.pk}/", {"password": GOOD_PASSWORD}, format="json").status_code == 404


def test_a_superuser_manages_everyone(admin_b, official_a):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert as_user(root).get(f"/api/v1/users/{official_a.pk}/").status_code == 200


# --- update and deactivate ------------------------------------------------------------------------


def test_patch_changes_role_and_cert_with_an_audit_row(admin_a, official_a):
    answer = as_user(admin_a).patch(
        f"/api/v1/users/{official_a.pk}/", {"role": "leader", "cert_number": "GX9"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    official_a.refresh_from_db()
    assert official_a.role == "leader" and official_a.cert_number == "GX9"
    entry = AuditEntry.objects.filter(object_id=str(official_a.pk), action="user_update").get()
    assert entry.changes["role"] == ["inspector", "leader"]


def test_patch_cannot_move_a_user_out_of_the_administrators_scope(admin_a, official_a, agency_b, enterprise_b):
    api = as_user(admin_a)
    moved = api.patch(f"/api/v1/users/{official_a.pk}/", {"agency": agency_b.pk}, format="json")
    assert moved.status_code == 400 and "agency" in moved.json()
    turned = api.patch(
        f"/api/v1/users/{official_a.pk}/", {"kind": "enterprise", "enterprise": enterprise_b.pk}, format="json"
    )
    assert turned.status_code == 400 and "enterprise" in turned.json()
    official_a.refresh_from_db()
    assert official_a.agency.name == "南宁市应急管理局" and official_a.kind == "official"


def test_deactivate_by_patch_revokes_the_token_and_login(admin_a, official_a):
    Token.objects.create(user=official_a)
    answer = as_user(admin_a).patch(f"/api/v1/users/{official_a.pk}/", {"is_active": False}, format="json")
    assert answer.status_code == 200 and answer.json()["is_active"] is False
    official_a.refresh_from_db()
    assert not official_a.is_active and not Token.objects.filter(user=official_a).exists()
    assert not logs_in("official_a", "anquan2026")
    assert AuditEntry.objects.filter(object_id=str(official_a.pk), action="user_deactivate").count() == 1
    again = as_user(admin_a).patch(f"/api/v1/users/{official_a.pk}/", {"is_active": True}, format="json")
    assert again.status_code == 200 and again.json()["is_active"] is True
    assert logs_in("official_a", "anquan2026")


def test_an_admin_cannot_deactivate_or_demote_themselves(admin_a):
    api = as_user(admin_a)
    off = api.patch(f"/api/v1/users/{admin_a.pk}/", {"is_active": False}, format="json")
    assert off.status_code == 400 and "is_active" in off.json()
    demoted = api.patch(f"/api/v1/users/{admin_a.pk}/", {"role": "inspector"}, format="json")
    assert demoted.status_code == 400 and "role" in demoted.json()
    admin_a.refresh_from_db()
    assert admin_a.is_active and admin_a.role == "admin"


# --- passwords ------------------------------------------------------------------------------------


def test_initial_password_must_be_changed_at_first_login(admin_a, agency_a):
    as_user(admin_a).post("/api/v1/users/", official_body(agency_a, password=GOOD_PASSWORD), format="json")
    browser = Client()
    assert browser.post("/accounts/login/", {"username": "new_inspector", "password": GOOD_PASSWORD}).status_code == 302
    home = browser.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/password/")
    assert browser.get("/enterprises/").status_code == 302
    page = browser.get("/accounts/password/")
    assert page.status_code == 200 and "初始密码" in page.content.decode()
    # the API refuses the session and a token alike, in Chinese
    refused = browser.get("/api/v1/enterprises/")
    assert refused.status_code == 403 and "修改密码" in refused.json()["detail"]
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "new_inspector", "password": GOOD_PASSWORD}, format="json"
    )
    assert token.status_code == 200
    by_token = APIClient(HTTP_AUTHORIZATION=f"Token {token.json()['token']}").get("/api/v1/me/")
    assert by_token.status_code == 403 and by_token.json()["code"] == "password_change_required"
    # the same password again is refused; a new one lifts the block
    same = browser.post(
        "/accounts/password/",
        {"old_password": GOOD_PASSWORD, "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert same.status_code == 200 and "不能与原密码相同" in same.content.decode()
    new = "Qm8$wertY2027"
    done = browser.post(
        "/accounts/password/", {"old_password": GOOD_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert not User.objects.get(username="new_inspector").must_change_password
    assert browser.get("/").status_code == 200
    assert browser.get("/api/v1/me/").status_code == 200


def test_one_time_link_is_shown_emailed_and_works_once(admin_a, agency_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_user(admin_a).post(
            "/api/v1/users/", official_body(agency_a, email="xjy@example.com"), format="json"
        )
    assert answer.status_code == 201, answer.json()
    url = answer.json()["set_password_url"]
    assert answer.json()["set_password_emailed"] is True and url.startswith("http")
    user = User.objects.get(username="new_inspector")
    assert not user.has_usable_password() and not user.must_change_password
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xjy@example.com"] and url in mail.outbox[0].body
    path = url.split("://", 1)[1].split("/", 1)[1]
    browser = Client()
    form_page = browser.get("/" + path, follow=True)
    assert form_page.status_code == 200 and "设置密码" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path
    weak = browser.post(set_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "new_password2" in str(weak.context["form"].errors)
    ok = browser.post(set_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert ok.status_code == 302 and ok["Location"] == "/accounts/password/set/done/"
    assert logs_in("new_inspector", GOOD_PASSWORD)
    again = Client().get("/" + path, follow=True)
    assert "此链接无效" in again.content.decode()


def test_link_without_an_email_address_is_only_shown(admin_a, official_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_user(admin_a).post(f"/api/v1/users/{official_a.pk}/password-link/", {}, format="json")
    assert (
        answer.status_code == 201
        and answer.json()["emailed"] is False
        and "/accounts/password/set/" in answer.json()["url"]
    )
    assert mail.outbox == []
    extra = as_user(admin_a).post(f"/api/v1/users/{official_a.pk}/password-link/", {"x": 1}, format="json")
    assert extra.status_code == 400 and "x" in extra.json()


def test_patch_password_sets_a_new_initial_password(admin_a, official_a):
    answer = as_user(admin_a).patch(f"/api/v1/users/{official_a.pk}/", {"password": GOOD_PASSWORD}, format="json")
    assert answer.status_code == 200 and answer.json()["must_change_password"] is True
    weak = as_user(admin_a).patch(f"/api/v1/users/{official_a.pk}/", {"password": "official_a"}, format="json")
    assert weak.status_code == 400 and "password" in weak.json()


# --- who am I -------------------------------------------------------------------------------------


def test_me_answers_agency_role_and_jurisdiction(official_a, construction_official, enterprise_user, outsider):
    me = as_user(official_a).get("/api/v1/me/").json()
    assert me["username"] == "official_a" and me["display_name"] == "黄海燕" and me["role"] == "inspector"
    assert me["agency"] == {
        "id": official_a.agency_id,
        "name": "南宁市应急管理局",
        "region_code": "450100",
        "region_name": "南宁市",
    }
    scope = me["jurisdiction"]
    assert scope["kind"] == "region" and scope["region"] == {"code": "450100", "name": "南宁市"}
    assert scope["path"] == "450000/450100/" and scope["path_name"] == "广西壮族自治区 / 南宁市"
    assert scope["all_industries"] is True and scope["industries_display"] == "全部"
    assert me["can_manage_users"] is False and me["enterprise"] is None

    narrow = as_user(construction_official).get("/api/v1/me/").json()["jurisdiction"]
    assert narrow["all_industries"] is False and [i["code"] for i in narrow["industries"]] == ["construction"]
    assert narrow["industries_display"] != "全部"

    ent = as_user(enterprise_user).get("/api/v1/me/").json()
    assert ent["kind"] == "enterprise" and ent["enterprise"]["name"] == "南宁邕江化工有限公司" and ent["agency"] is None
    assert ent["jurisdiction"]["kind"] == "enterprise"
    assert as_user(outsider).get("/api/v1/me/").json()["jurisdiction"]["kind"] == "groups"


# --- the page -------------------------------------------------------------------------------------


@pytest.fixture
def admin_browser(admin_a):
    client = Client()
    client.force_login(admin_a)
    return client


def test_user_list_page_with_search_filters_and_phone_cards(admin_browser, official_a, district_official, official_b):
    html = admin_browser.get("/accounts/users/").content.decode()
    assert 'class="table table-sm table-hover align-middle table-cards"' in html and 'data-label="用户名"' in html
    assert "official_a" in html and "xn_a" in html and "official_b" not in html
    assert 'id="nav-users"' in html
    found = admin_browser.get("/accounts/users/?q=潘志勇&kind=official&active=1").content.decode()
    assert "xn_a" in found and "official_a" not in found


def test_user_pages_refuse_non_admins_and_hide_the_menu(official_a, admin_a):
    client = Client()
    client.force_login(official_a)
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/users/new/").status_code == 403
    assert client.post(f"/accounts/users/{admin_a.pk}/active/", {"active": "0"}).status_code == 403
    assert 'id="nav-users"' not in client.get("/").content.decode()
    admin_a.refresh_from_db()
    assert admin_a.is_active


def test_other_region_admin_gets_404_on_the_pages(admin_b, official_a):
    client = Client()
    client.force_login(admin_b)
    assert client.get(f"/accounts/users/{official_a.pk}/").status_code == 404
    assert client.post(f"/accounts/users/{official_a.pk}/active/", {"active": "0"}).status_code == 404
    assert client.post(f"/accounts/users/{official_a.pk}/password/", {"password_mode": "link"}).status_code == 404
    official_a.refresh_from_db()
    assert official_a.is_active


def test_create_page_opens_an_account_and_shows_the_link_once(admin_browser, agency_a):
    form = admin_browser.get("/accounts/users/new/").content.decode()
    assert 'data-picker="agency"' in form and "manage=1" in form and 'data-picker="enterprise"' in form
    answer = admin_browser.post(
        "/accounts/users/new/",
        {
            "kind": "official",
            "username": "page_user",
            "display_name": "页面用户",
            "agency": agency_a.pk,
            "role": "legal",
            "password_mode": "link",
        },
    )
    user = User.objects.get(username="page_user")
    assert answer.status_code == 302 and answer["Location"] == f"/accounts/users/{user.pk}/"
    shown = admin_browser.get(answer["Location"]).content.decode()
    assert 'id="password-link"' in shown and "/accounts/password/set/" in shown
    assert 'id="password-link"' not in admin_browser.get(answer["Location"]).content.decode()


def test_create_page_reports_bad_input_on_its_field(admin_browser, agency_b):
    answer = admin_browser.post(
        "/accounts/users/new/",
        {
            "kind": "official",
            "username": "x",
            "display_name": "x",
            "agency": agency_b.pk,
            "role": "inspector",
            "password_mode": "initial",
            "password": "",
        },
    )
    html = answer.content.decode()
    assert answer.status_code == 200 and "不在您的管理范围内" in html and "须填写初始密码" in html
    assert not User.objects.filter(username="x").exists()


def test_edit_page_saves_and_deactivates(admin_browser, official_a):
    page = admin_browser.get(f"/accounts/users/{official_a.pk}/").content.decode()
    assert 'value="official_a"' in page and "GX001" in page
    saved = admin_browser.post(
        f"/accounts/users/{official_a.pk}/",
        {
            "kind": "official",
            "username": "official_a",
            "display_name": "黄海燕（改）",
            "agency": official_a.agency_id,
            "role": "inspector",
            "cert_number": "GX001",
            "cert_valid_until": "2099-12-31",
        },
    )
    assert saved.status_code == 302
    official_a.refresh_from_db()
    assert official_a.display_name == "黄海燕（改）"
    assert admin_browser.post(f"/accounts/users/{official_a.pk}/active/", {"active": "0"}).status_code == 302
    official_a.refresh_from_db()
    assert not official_a.is_active


def test_agency_picker_for_the_form_offers_only_manageable_agencies(
    admin_browser, district_agency, construction_agency
):
    rows = admin_browser.get("/accounts/search/agencies/?q=局&manage=1").json()["results"]
    assert {r["text"] for r in rows} == {"南宁市应急管理局", "兴宁区应急管理局"}


# --- the back office ------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(db):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(root)
    return client


def test_back_office_add_user_form_works_and_reports_missing_fields(superuser_client, agency_a):
    assert superuser_client.get("/admin/accounts/user/add/").status_code == 200
    base = {"username": "bo_user", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD, "usable_password": "true"}
    missing = superuser_client.post("/admin/accounts/user/add/", {**base, "kind": "official"})
    assert missing.status_code == 200 and "监管人员必须属于一个部门" in missing.content.decode()
    added = superuser_client.post(
        "/admin/accounts/user/add/", {**base, "kind": "official", "agency": agency_a.pk, "role": "inspector"}
    )
    assert added.status_code == 302
    user = User.objects.get(username="bo_user")
    assert user.agency == agency_a and user.check_password(GOOD_PASSWORD)
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="user_create").exists()


def test_back_office_change_user_form_works(superuser_client, official_a):
    page = superuser_client.get(f"/admin/accounts/user/{official_a.pk}/change/")
    assert page.status_code == 200
    data = {
        "username": "official_a",
        "kind": "official",
        "display_name": "黄海燕",
        "agency": official_a.agency_id,
        "role": "leader",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }
    changed = superuser_client.post(f"/admin/accounts/user/{official_a.pk}/change/", data)
    assert changed.status_code == 302, changed.content.decode()[:2000]
    official_a.refresh_from_db()
    assert official_a.role == "leader"
