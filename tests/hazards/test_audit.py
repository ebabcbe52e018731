"""The whole-process record: append-only in PostgreSQL and tamper-evident by its hash chain."""

from __future__ import annotations

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from core.audit import audit_verify, history_for
from core.models import AuditEntry
from hazards import services

pytestmark = pytest.mark.django_db


def _loop(make_hazard, enterprise_user, official_a):
    hazard = make_hazard(status="awaiting_acceptance")
    services.hazard_reject(hazard=hazard, actor=official_a, reason="不合格")
    hazard.refresh_from_db()
    return hazard


def test_database_refuses_update_and_delete_of_history(make_hazard, enterprise_user, official_a):
    hazard = _loop(make_hazard, enterprise_user, official_a)
    entry = history_for(hazard).last()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改过")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.reason == "不合格"


def test_database_refuses_truncate_of_history(make_hazard, enterprise_user, official_a):
    """TRUNCATE fires no row trigger; a statement trigger refuses it (the test database allows it
    for pytest's own clean-up through a database setting, switched off here for this session)."""
    _loop(make_hazard, enterprise_user, official_a)
    count = AuditEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending in the test's transaction
        cursor.execute("SET anquan.audit_truncate_allowed = 'off'")
        try:
            with pytest.raises(DatabaseError, match="审计记录不可清空"), transaction.atomic():
                cursor.execute("TRUNCATE core_auditentry CASCADE")
        finally:
            cursor.execute("SET anquan.audit_truncate_allowed = 'on'")
    assert count > 0 and AuditEntry.objects.count() == count


def test_tampered_row_breaks_the_chain_at_that_entry(make_hazard, enterprise_user, official_a):
    hazard = _loop(make_hazard, enterprise_user, official_a)
    assert audit_verify().ok
    call_command("verify_audit")
    entry = history_for(hazard).last()
    # behind the application's back: the append-only trigger switched off for this one statement
    with pgtrigger.ignore("core.AuditEntry:audit_append_only"), connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET reason = %s WHERE id = %s", ["验收合格", entry.pk])
    report = audit_verify()
    assert not report.ok and report.broken_id == entry.pk
    with pytest.raises(CommandError, match=f"entry id {entry.pk}"):
        call_command("verify_audit")


def test_every_transition_writes_who_from_to_and_why(make_hazard, official_a):
    hazard = _loop(make_hazard, None, official_a)
    entry = history_for(hazard).last()
    assert (entry.actor, entry.from_state, entry.to_state, entry.reason) == (
        official_a,
        "awaiting_acceptance",
        "rectifying",
        "不合格",
    )
