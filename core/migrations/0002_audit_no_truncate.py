"""The audit history refuses TRUNCATE (等保 2.0: audit records protected from deletion).

Rows already refuse UPDATE and DELETE (the `audit_append_only` row trigger of 0001); TRUNCATE fires
no row trigger, so a statement trigger refuses it. The one way around it is a database-level
setting, `anquan.audit_truncate_allowed = on`, which only the database's owner can set
(ALTER DATABASE) — the same person who could drop the trigger. The test suite sets it on its
throw-away databases, whose tables pytest-django empties with TRUNCATE between tests.
"""

from __future__ import annotations

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION anquan_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('anquan.audit_truncate_allowed', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '审计记录不可清空（TRUNCATE %）', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION anquan_audit_no_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_no_truncate ON core_auditentry;
DROP FUNCTION IF EXISTS anquan_audit_no_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
