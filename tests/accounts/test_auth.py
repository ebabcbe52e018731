"""Logging in: the page, tokens, lockout per (username, address), password rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_login_page_logs_in_and_redirects_home(official_a):
    client = Client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and "登录" in page.content.decode()
    response = client.post("/accounts/login/", {"username": "official_a", "password": "anquan2026"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_pages_require_login():
    response = Client().get("/enterprises/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_token_login_and_token_authenticated_request(official_a, enterprise_a):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "official_a", "password": "anquan2026"}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/enterprises/").json()["count"] == 1


def test_token_login_with_wrong_password_is_refused(official_a):
    response = APIClient().post("/api/v1/auth/token/", {"username": "official_a", "password": "nope"}, format="json")
    assert response.status_code == 400 and "token" not in response.json()


def test_api_without_credentials_answers_401_asking_for_a_token():
    response = APIClient().get("/api/v1/enterprises/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_api_with_a_bad_token_answers_401(official_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert "认证令牌无效" in response.json()["detail"] or "令牌" in response.json()["detail"]


def _fail(client, username, ip):
    return client.post("/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_lockout_is_per_username_and_address_together(official_a, official_a2, settings):
    settings.AXES_FAILURE_LIMIT = 3
    stranger = Client()
    for _ in range(3):
        _fail(stranger, "official_a", "10.0.0.9")
    # The stranger's address is locked for that account …
    locked = stranger.post(
        "/accounts/login/", {"username": "official_a", "password": "anquan2026"}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    # … but the same account from the office's address still logs in,
    office = Client()
    ok = office.post("/accounts/login/", {"username": "official_a", "password": "anquan2026"}, REMOTE_ADDR="10.0.0.1")
    assert ok.status_code == 302
    # and a colleague behind the stranger's address is not locked out either.
    colleague = Client()
    ok = colleague.post(
        "/accounts/login/", {"username": "official_a2", "password": "anquan2026"}, REMOTE_ADDR="10.0.0.9"
    )
    assert ok.status_code == 302


def test_password_validators_reject_weak_passwords(official_a):
    for weak in ("12345678", "password", "abc"):
        with pytest.raises(ValidationError):
            validate_password(weak, official_a)
    validate_password("Anquan#2026-xyz", official_a)


def test_official_enforcement_certificate_validity(official_a):
    from datetime import date

    assert official_a.has_valid_enforcement_cert(on=date(2030, 1, 1))
    official_a.cert_valid_until = date(2020, 1, 1)
    assert not official_a.has_valid_enforcement_cert(on=date(2030, 1, 1))


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")


def test_load_demo_is_idempotent_and_creates_the_demo_accounts(settings):
    from accounts.models import User
    from enterprises.models import Enterprise

    call_command("load_demo", "--force")
    counts = (User.objects.count(), Enterprise.objects.count())
    call_command("load_demo", "--force")
    assert (User.objects.count(), Enterprise.objects.count()) == counts
    assert counts[1] >= 300
    for username in ("gx_admin", "nn_official", "lz_official", "nn_construction", "ent_user", "expert1"):
        assert User.objects.get(username=username).check_password("anquan2026")
    from core.uscc import uscc_error

    assert all(uscc_error(c) is None for c in Enterprise.objects.values_list("uscc", flat=True))
    nn = User.objects.get(username="nn_official")
    ent = User.objects.get(username="ent_user")
    assert Enterprise.objects.visible_to(ent).count() == 1
    assert Enterprise.objects.visible_to(nn).filter(region_path__startswith="450000/450200/").count() == 0
    construction = User.objects.get(username="nn_construction")
    assert set(Enterprise.objects.visible_to(construction).values_list("industries__code", flat=True)) == {
        "construction"
    }


def test_interface_is_chinese_by_default_and_english_on_request(official_a):
    client = Client()
    assert "登录" in client.get("/accounts/login/").content.decode()
    assert "登录" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Log in" in page and "Work-Safety Campaign Platform" in page
