"""Make the configured database ready for `migrate`.

- PostgreSQL: create the database named in DATABASE_URL when it does not exist yet.
- A database whose recorded migrations are no longer in the code (the layout of issue 8 started
  the domain apps' migrations afresh): the embedded SQLite file holds only demo data, so it is
  moved aside (`var/db.sqlite3.stale-<time>`) and a new one is made, with a message saying so; a
  PostgreSQL database is left untouched and the command stops with the way out.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone


def stale_migrations(connection) -> list[str]:
    """Migrations recorded as applied in the database whose files no longer exist."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    apps_with_code = {app for app, _name in loader.disk_migrations}
    return sorted(
        f"{app}.{name}"
        for app, name in loader.applied_migrations
        if (app, name) not in loader.disk_migrations and app in apps_with_code
    )


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it is missing; replace a stale demo SQLite file."

    def handle(self, *args, **options):
        connection = connections["default"]
        settings_dict = connection.settings_dict
        if "postgresql" in settings_dict["ENGINE"]:
            self._create_postgres_database(settings_dict)
        stale = stale_migrations(connection)
        if not stale:
            return
        connection.close()
        if "sqlite" in settings_dict["ENGINE"]:
            path = Path(settings_dict["NAME"])
            aside = path.with_name(f"{path.name}.stale-{timezone.now():%Y%m%d%H%M%S}")
            path.rename(aside)
            self.stdout.write(
                self.style.WARNING(
                    f"{path} was made by an earlier version of the code (migrations {', '.join(stale[:3])}"
                    f"{' …' if len(stale) > 3 else ''} no longer exist). It held demo data only: moved it to "
                    f"{aside} and starting a new database."
                )
            )
            return
        raise CommandError(
            f"Database {settings_dict['NAME']} was made by an earlier version of the code: its migrations "
            f"{', '.join(stale[:5])} no longer exist. Drop it (dropdb {settings_dict['NAME']}) or point "
            "DATABASE_URL at a new database, then run make run again."
        )

    def _create_postgres_database(self, settings_dict) -> None:
        import psycopg2
        from psycopg2 import sql

        params = {
            "dbname": "postgres",
            "user": settings_dict.get("USER") or None,
            "password": settings_dict.get("PASSWORD") or None,
            "host": settings_dict.get("HOST") or None,
            "port": settings_dict.get("PORT") or None,
        }
        conn = psycopg2.connect(**{k: v for k, v in params.items() if v})
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings_dict["NAME"]])
                if cursor.fetchone() is None:
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings_dict["NAME"])))
                    self.stdout.write(f"created database {settings_dict['NAME']}")
        finally:
            conn.close()
