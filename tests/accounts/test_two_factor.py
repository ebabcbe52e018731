"""Two-factor login: the second step, enrolment with its QR code and backup codes, the policy for
officials, opting in for enterprise users, the lockout counting wrong codes, API tokens."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts import otp

pytestmark = pytest.mark.django_db
PASSWORD = "anquan2026"


@pytest.fixture(autouse=True)
def _no_device_throttle(settings):
    """django-otp also slows down a device after a wrong code (1 s, 2 s, 4 s …); the tests that
    follow a wrong code with a right one at once are about the lockout, not that delay."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = otp.totp_pending_device(user=user)
    codes = otp.totp_enrol_confirm(user=user, device=device, code=otp.current_code(device))
    device.refresh_from_db()
    return device, codes


def first_step(client, username, ip="10.0.0.1", next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data, REMOTE_ADDR=ip)


def second_step(client, code, ip="10.0.0.1"):
    return client.post("/accounts/login/verify/", {"code": code}, REMOTE_ADDR=ip)


def is_logged_in(client) -> bool:
    return client.get("/enterprises/").status_code == 200


# The second step ------------------------------------------------------------------------------


def test_password_alone_does_not_log_in_a_user_with_an_authenticator(official_a):
    enrol(official_a)
    client = Client()
    response = first_step(client, "official_a")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert not is_logged_in(client)
    page = client.get("/accounts/login/verify/").content.decode()
    assert "两步验证" in page and 'autocomplete="one-time-code"' in page


def test_the_authenticator_code_logs_in_and_goes_to_next(official_a):
    device, _codes = enrol(official_a)
    device.last_t = -1  # the enrolment used the current step's code; let the same step pass again
    device.save()
    client = Client()
    first_step(client, "official_a", next_url="/hazards/")
    response = second_step(client, otp.current_code(device))
    assert response.status_code == 302 and response["Location"] == "/hazards/"
    assert is_logged_in(client)


def test_a_backup_code_logs_in_once_only(official_a):
    _device, codes = enrol(official_a)
    assert len(codes) == 10 and len(set(codes)) == 10
    client = Client()
    first_step(client, "official_a")
    assert second_step(client, codes[0].upper()).status_code == 302
    assert is_logged_in(client)
    again = Client()
    first_step(again, "official_a")
    refused = second_step(again, codes[0])
    assert refused.status_code == 200 and "验证码错误或已使用" in refused.content.decode()
    assert not is_logged_in(again)
    assert StaticToken.objects.filter(device__user=official_a).count() == 9


def test_a_wrong_or_missing_code_names_the_field(official_a):
    enrol(official_a)
    client = Client()
    first_step(client, "official_a")
    missing = second_step(client, "")
    assert missing.status_code == 200 and "请输入验证码（验证码）" in missing.content.decode()
    wrong = second_step(client, "000000")
    assert wrong.status_code == 200 and "验证码错误或已使用" in wrong.content.decode()
    assert not is_logged_in(client)


def test_the_second_step_without_the_first_or_after_it_expired_goes_back_to_login(official_a, settings):
    device, codes = enrol(official_a)
    assert Client().get("/accounts/login/verify/")["Location"] == "/accounts/login/"
    client = Client()
    first_step(client, "official_a")
    session = client.session
    pending = session["otp_pending"]
    pending["at"] = int(time.time()) - settings.OTP_PENDING_SECONDS - 1
    session["otp_pending"] = pending
    session.save()
    response = second_step(client, codes[0])
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not is_logged_in(client)
    assert StaticToken.objects.filter(device__user=official_a, token=codes[0]).exists()


def test_wrong_codes_count_towards_the_lockout_of_that_address_only(official_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _device, codes = enrol(official_a)
    thief = Client()  # knows the password, not the phone
    first_step(thief, "official_a", ip="10.0.0.9")
    assert second_step(thief, "111111", ip="10.0.0.9").status_code == 200
    assert second_step(thief, "222222", ip="10.0.0.9").status_code == 200
    assert second_step(thief, "333333", ip="10.0.0.9").status_code == 429
    # From that address even the right password and a right code no longer get in …
    assert first_step(thief, "official_a", ip="10.0.0.9").status_code == 429
    assert not is_logged_in(thief)
    # … while the owner at the office logs in.
    owner = Client()
    assert first_step(owner, "official_a", ip="10.0.0.1")["Location"] == "/accounts/login/verify/"
    assert second_step(owner, codes[1], ip="10.0.0.1").status_code == 302
    assert is_logged_in(owner)


# The policy -----------------------------------------------------------------------------------


def test_without_the_policy_users_without_an_authenticator_log_in_with_the_password(official_a, enterprise_user):
    for username in ("official_a", "ent_a"):
        client = Client()
        assert first_step(client, username)["Location"] == "/"
        assert is_logged_in(client)


def test_with_the_policy_an_official_without_an_authenticator_must_enrol_first(official_a, settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    client = Client()
    response = first_step(client, "official_a", next_url="/hazards/")
    assert response["Location"] == "/accounts/two-factor/setup/"
    assert not is_logged_in(client)
    page = client.get("/accounts/two-factor/setup/").content.decode()
    assert "必须启用两步验证" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=official_a, confirmed=False)
    assert otp.manual_key(device).replace(" ", "") in page.replace(" ", "")
    wrong = client.post("/accounts/two-factor/setup/", {"code": "12345"})
    assert "验证码不正确" in wrong.content.decode() and not is_logged_in(client)
    done = client.post("/accounts/two-factor/setup/", {"code": otp.current_code(device)})
    body = done.content.decode()
    assert done.status_code == 200 and body.count('data-testid="backup-code"') == 10
    assert 'href="/hazards/"' in body
    assert is_logged_in(client)
    assert TOTPDevice.objects.get(user=official_a).confirmed


def test_with_the_policy_enterprise_users_are_not_obliged(enterprise_user, settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    client = Client()
    assert first_step(client, "ent_a")["Location"] == "/"
    assert is_logged_in(client)


def test_with_the_policy_a_session_logged_in_by_password_alone_is_logged_out(official_a, settings):
    """A session from the back office's own login form, or from before the policy was on."""
    client = Client()
    client.force_login(official_a)
    assert is_logged_in(client)
    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    response = client.get("/enterprises/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/enterprises/").status_code in (401, 403)


def test_a_session_without_the_second_factor_of_a_user_who_has_one_is_refused(official_a):
    enrol(official_a)
    client = Client()
    client.force_login(official_a)
    response = client.get("/enterprises/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not is_logged_in(client)


def test_the_back_office_login_goes_through_the_site_login():
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"


# Opting in, settings page ---------------------------------------------------------------------


def test_an_enterprise_user_may_opt_in_and_then_needs_the_code(enterprise_user):
    client = Client()
    client.force_login(enterprise_user)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "未启用" in page
    setup = client.get("/accounts/two-factor/setup/")
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=enterprise_user, confirmed=False)
    done = client.post("/accounts/two-factor/setup/", {"code": otp.current_code(device)})
    assert done.content.decode().count('data-testid="backup-code"') == 10
    assert is_logged_in(client)  # this session passed with the new device
    assert "已启用" in client.get("/accounts/two-factor/").content.decode()
    later = Client()
    assert first_step(later, "ent_a")["Location"] == "/accounts/login/verify/"


def test_an_opted_in_user_may_turn_it_off_with_a_code_but_an_obliged_official_may_not(
    enterprise_user, official_a, settings
):
    _device, codes = enrol(enterprise_user)
    client = Client()
    first_step(client, "ent_a")
    second_step(client, codes[0])
    refused = client.post("/accounts/two-factor/", {"action": "disable", "code": "999999"})
    assert "验证码错误或已使用" in refused.content.decode() and otp.has_second_factor(enterprise_user)
    client.post("/accounts/two-factor/", {"action": "disable", "code": codes[1]})
    assert not otp.has_second_factor(enterprise_user)
    assert is_logged_in(client)

    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    _device, official_codes = enrol(official_a)
    official = Client()
    first_step(official, "official_a")
    second_step(official, official_codes[0])
    page = official.get("/accounts/two-factor/")
    refused = official.post("/accounts/two-factor/", {"action": "disable", "code": official_codes[1]})
    assert page.status_code == 200 and "不能关闭" in refused.content.decode()
    assert otp.has_second_factor(official_a)


def test_new_backup_codes_replace_the_old_ones(official_a):
    _device, old = enrol(official_a)
    client = Client()
    first_step(client, "official_a")
    second_step(client, old[0])
    page = client.post("/accounts/two-factor/", {"action": "backup_codes"}).content.decode()
    assert page.count('data-testid="backup-code"') == 10
    assert not StaticToken.objects.filter(device__user=official_a, token__in=old).exists()


# API tokens -----------------------------------------------------------------------------------


def token(data, ip="10.0.0.1"):
    return APIClient().post("/api/v1/auth/token/", data, format="json", REMOTE_ADDR=ip)


def test_a_token_needs_the_second_factor_of_a_user_who_has_one(official_a):
    _device, codes = enrol(official_a)
    missing = token({"username": "official_a", "password": PASSWORD})
    assert missing.status_code == 400 and "otp" in missing.json() and "token" not in missing.json()
    wrong = token({"username": "official_a", "password": PASSWORD, "otp": "123456"})
    assert wrong.status_code == 400 and "otp" in wrong.json()
    right = token({"username": "official_a", "password": PASSWORD, "otp": codes[0]})
    assert right.status_code == 200 and len(right.json()["token"]) == 40


def test_with_the_policy_an_official_without_an_authenticator_gets_no_token(official_a, enterprise_user, settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    refused = token({"username": "official_a", "password": PASSWORD})
    assert refused.status_code == 400 and "必须启用两步验证" in refused.json()["otp"][0]
    assert token({"username": "ent_a", "password": PASSWORD}).status_code == 200


def test_wrong_token_codes_count_towards_the_lockout(official_a, settings):
    settings.AXES_FAILURE_LIMIT = 2
    _device, codes = enrol(official_a)
    for bad in ("111111", "222222"):
        assert token({"username": "official_a", "password": PASSWORD, "otp": bad}, ip="10.0.0.9").status_code == 400
    locked = token({"username": "official_a", "password": PASSWORD, "otp": codes[0]}, ip="10.0.0.9")
    assert locked.status_code in (400, 429) and "token" not in locked.json()
    assert token({"username": "official_a", "password": PASSWORD, "otp": codes[0]}, ip="10.0.0.1").status_code == 200


# The demo -------------------------------------------------------------------------------------


def test_the_demo_official_with_two_factor_logs_in_with_the_published_key_and_codes():
    from accounts.demo import load_accounts_demo
    from accounts.otp_demo import BACKUP_CODES, TOTP_KEY_BASE32, USERNAME, load_otp_demo

    load_accounts_demo()
    load_otp_demo()
    load_otp_demo()  # idempotent: one authenticator, the ten published codes
    device = TOTPDevice.objects.get(user__username=USERNAME, confirmed=True)
    assert otp.manual_key(device).replace(" ", "") == TOTP_KEY_BASE32
    assert StaticToken.objects.filter(device__user=device.user).count() == 10
    client = Client()
    assert first_step(client, USERNAME)["Location"] == "/accounts/login/verify/"
    assert second_step(client, otp.current_code(device)).status_code == 302
    assert is_logged_in(client)
    other = Client()
    first_step(other, USERNAME)
    assert second_step(other, BACKUP_CODES[0]).status_code == 302
