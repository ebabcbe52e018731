"""PostgreSQL-only indexes: trigram search on names, prefix search on region paths.

SQLite (the demo) skips them; its queries work the same, only slower on large tables.
"""

from __future__ import annotations

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ent_name_trgm_idx ON enterprises_enterprise USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ent_region_path_like_idx ON enterprises_enterprise (region_path varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS ent_name_trgm_idx",
    "DROP INDEX IF EXISTS ent_region_path_like_idx",
]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
