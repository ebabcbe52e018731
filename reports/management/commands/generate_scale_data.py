"""`manage.py generate_scale_data --enterprises N --hazards M [--seed S] [--database-url URL] [--replace]`

A province-scale data set (issue 13) for measuring lists, dashboards and statistics: enterprises over
广西's townships and grids, three years of inspections and hazards with their whole-process record,
campaigns with their submissions; written with COPY, reproducible (same seed and --today, same rows).
It refuses a database that already holds data unless --replace, which empties the data tables first.
"""

from __future__ import annotations

import datetime

from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from core.errors import DomainError
from reports.scale_data import Plan, empty_data_tables, generate, tables_with_rows


def _positive(name: str, value: int) -> int:
    if value is None or value < 1:
        raise CommandError(f"{name} 须为正整数，当前为 {value}。")
    return value


class Command(BaseCommand):
    help = "Generate a reproducible province-scale data set in PostgreSQL with COPY (issue 13)."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, required=True, help="number of enterprises")
        parser.add_argument("--hazards", type=int, required=True, help="number of hazards over three years")
        parser.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
        parser.add_argument("--today", default="", help="the last day of the data, YYYY-MM-DD (default today)")
        parser.add_argument(
            "--database-url",
            default="",
            help="a PostgreSQL database to fill instead of DATABASE_URL's; created and migrated when missing",
        )
        parser.add_argument("--replace", action="store_true", help="empty the data tables first")

    def handle(self, *args, **options):
        enterprises = _positive("--enterprises", options["enterprises"])
        hazards = _positive("--hazards", options["hazards"])
        try:
            today = datetime.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today 应为 YYYY-MM-DD 格式的日期，当前为「{options['today']}」。") from exc
        if options["database_url"]:
            self._use_database(options["database_url"])
        connection = connections["default"]
        if connection.vendor != "postgresql":
            raise CommandError("generate_scale_data 需要 PostgreSQL（用 COPY 写入），当前数据库不是。")
        write = self.stdout.write
        write(
            f"generating {enterprises:,} enterprises and {hazards:,} hazards (seed {options['seed']}, "
            f"up to {today}) into {connection.settings_dict['NAME']}"
        )
        busy = tables_with_rows()
        try:
            if busy and not options["replace"]:
                raise CommandError(
                    f"数据库 {connection.settings_dict['NAME']} 已有数据（{', '.join(busy)}）：拒绝生成。"
                    "要清空这些表（及引用它们的表）后重新生成，请加 --replace。"
                )
            if busy:
                empty_data_tables(write)
            progress = generate(Plan(enterprises, hazards, options["seed"], today), write)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(n for n, _s in progress.counts.values())
        write(self.style.SUCCESS(f"done: {rows:,} rows in {progress.elapsed():.1f} s"))

    def _use_database(self, url: str) -> None:
        """Point the default connection at `url`; create the database (a throw-away one: its audit
        record may be emptied by --replace) and migrate it when it does not exist yet."""
        import dj_database_url
        import psycopg2
        from psycopg2 import sql

        settings = dj_database_url.parse(url)
        if "postgresql" not in settings["ENGINE"]:
            raise CommandError(f"--database-url 须为 PostgreSQL 地址（postgres://…），当前为「{url}」。")
        connections["default"].close()
        merged = {**connections.settings["default"], **settings}
        connections.settings["default"] = merged
        django_settings.DATABASES["default"] = merged
        del connections["default"]  # the next use opens a connection of the new engine and database
        params = {k: settings.get(k.upper()) for k in ("user", "password", "host", "port")}
        admin = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v})
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]])
            created = cur.fetchone() is None
            if created:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
                cur.execute(
                    sql.SQL("ALTER DATABASE {} SET anquan.audit_truncate_allowed = 'on'").format(
                        sql.Identifier(settings["NAME"])
                    )
                )
                self.stdout.write(f"created database {settings['NAME']} (generated data only)")
        admin.close()
        call_command("migrate", verbosity=0)
