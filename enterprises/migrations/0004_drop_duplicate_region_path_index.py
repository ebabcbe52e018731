"""Drop `ent_region_path_like_idx` (0002): the same index as the one Django makes for
`region_path` (db_index=True on a CharField gets a `varchar_pattern_ops` twin,
`enterprises_enterprise_region_path_…_like`), so every enterprise write paid for two identical
indexes (issue 13). PostgreSQL only, like 0002."""

from __future__ import annotations

from django.db import migrations

from core.migration_ops import postgres_only

FORWARD = ["DROP INDEX IF EXISTS ent_region_path_like_idx"]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS ent_region_path_like_idx ON enterprises_enterprise (region_path varchar_pattern_ops)"
]


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_industry_closure_view")]
    operations = [postgres_only(FORWARD, BACKWARD)]
