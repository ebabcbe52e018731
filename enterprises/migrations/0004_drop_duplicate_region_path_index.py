"""Drop `ent_region_path_like_idx` (0002): the same index as the one Django makes for
`region_path` (db_index=True on a CharField gets a `varchar_pattern_ops` twin,
`enterprises_enterprise_region_path_…_like`), so every enterprise write paid for two identical
indexes (issue 13). PostgreSQL only, like 0002."""

from __future__ import annotations

from django.db import migrations

FORWARD = ["DROP INDEX IF EXISTS ent_region_path_like_idx"]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS ent_region_path_like_idx ON enterprises_enterprise (region_path varchar_pattern_ops)"
]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_industry_closure_view")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
