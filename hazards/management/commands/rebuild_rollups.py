"""`manage.py rebuild_rollups [--check]`

Without options: empty the hazard rollup (hazards.models_rollup.HazardRollup) and fill it again
from the hazards with one INSERT … SELECT … GROUP BY. With --check: change nothing, compare the
rollup with the live GROUP BY and exit non-zero naming every key that differs.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from hazards.models_rollup import ROLLUP_DIMS
from hazards.rollup import rollup_differences, rollup_rebuild

#: How many differing keys --check prints before it stops listing them.
SHOWN = 50


class Command(BaseCommand):
    help = "Rebuild the hazard rollup from the hazards, or (--check) compare it with the live count."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only; exit 1 when they differ")

    def handle(self, *args, check: bool = False, **options):
        started = time.perf_counter()
        if not check:
            rows = rollup_rebuild()
            self.stdout.write(f"hazard rollup rebuilt: {rows} rows in {time.perf_counter() - started:.1f} s")
            return
        differences = rollup_differences()
        if not differences:
            self.stdout.write(f"hazard rollup matches the live count ({time.perf_counter() - started:.1f} s)")
            return
        for key, stored, live in differences[:SHOWN]:
            named = ", ".join(f"{name}={value!r}" for name, value in zip(ROLLUP_DIMS, key, strict=True))
            self.stderr.write(f"{named}: rollup n={stored[0]} funds={stored[1]}, live n={live[0]} funds={live[1]}")
        if len(differences) > SHOWN:
            self.stderr.write(f"… and {len(differences) - SHOWN} more keys")
        raise CommandError(f"隐患汇总表与实时统计不一致：{len(differences)} 个键不同（见上）。")
