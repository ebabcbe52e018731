"""Partial indexes of the open hazards (not closed: about 5 % of a province's rows) by jurisdiction
and deadline: the to-do counts of the home page (overdue, awaiting 五到位, major) read them instead
of every hazard of the region (issue 13: a county's home page went from 2.5 s to 0.11 s at
5,000,000 hazards). PostgreSQL only."""

from __future__ import annotations

from django.db import migrations

from core.migration_ops import postgres_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS hazard_open_region_idx ON hazards_hazard "
    "(region_path varchar_pattern_ops, deadline) WHERE status <> 'closed'",
    "CREATE INDEX IF NOT EXISTS hazard_open_major_idx ON hazards_hazard "
    "(region_path varchar_pattern_ops, deadline) WHERE status <> 'closed' AND level = 'major'",
]
BACKWARD = ["DROP INDEX IF EXISTS hazard_open_region_idx", "DROP INDEX IF EXISTS hazard_open_major_idx"]


class Migration(migrations.Migration):
    dependencies = [("hazards", "0004_hazard_rollup")]
    operations = [postgres_only(FORWARD, BACKWARD)]
