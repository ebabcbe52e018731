"""等保 2.0: logins, logouts, failed logins and exports are in the hash-chained audit history."""

from __future__ import annotations

import pytest
from django.test import Client

from core.audit import audit_verify
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_a_login_and_a_logout_are_recorded_with_the_address(official_a):
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = client.post("/accounts/login/", {"username": official_a.username, "password": "anquan2026"})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    login, logout = _entries("login"), _entries("logout")
    assert [(e.actor_id, e.object_id, e.changes["address"]) for e in login] == [
        (official_a.pk, str(official_a.pk), "10.1.2.3")
    ]
    assert [(e.actor_id, e.changes["address"]) for e in logout] == [(official_a.pk, "10.1.2.3")]
    assert audit_verify().ok


def test_a_failed_login_is_recorded_for_the_account_and_for_an_unknown_name(official_a):
    client = Client(REMOTE_ADDR="10.9.9.9")
    client.post("/accounts/login/", {"username": official_a.username, "password": "wrong"})
    client.post("/accounts/login/", {"username": "nobody-such", "password": "wrong"})
    failed = _entries("login_failed")
    assert [(e.object_id, e.changes["username"], e.changes["address"], e.actor_id) for e in failed] == [
        (str(official_a.pk), official_a.username, "10.9.9.9", None),
        ("-", "nobody-such", "10.9.9.9", None),
    ]
    assert not _entries("login")


def test_a_failed_api_token_login_is_recorded_too(official_a, api):
    api.post("/api/v1/auth/token/", {"username": official_a.username, "password": "nope"}, format="json")
    assert [e.changes["username"] for e in _entries("login_failed")] == [official_a.username]


def test_every_export_request_is_recorded_with_its_filters(official_a, django_capture_on_commit_callbacks):
    from reports.exports.jobs import export_request

    job = export_request(actor=official_a, kind="hazards", filters={"status": "rectifying"})
    [entry] = _entries("export")
    assert entry.actor_id == official_a.pk and entry.object_id == str(job.pk)
    assert entry.changes == {"kind": "hazards", "format": "xlsx", "filters": {"status": "rectifying"}}


def test_a_refused_export_writes_neither_a_job_nor_an_audit_entry(official_a):
    from core.errors import DomainError
    from reports.exports.jobs import export_request
    from reports.models import ExportJob

    with pytest.raises(DomainError):
        export_request(actor=official_a, kind="nope")
    assert not ExportJob.objects.exists() and not _entries("export")
