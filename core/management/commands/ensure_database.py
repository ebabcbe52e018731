"""Create the PostgreSQL database named in DATABASE_URL when it does not exist yet (no-op on SQLite)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connections


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it is missing."

    def handle(self, *args, **options):
        settings_dict = connections["default"].settings_dict
        if "postgresql" not in settings_dict["ENGINE"]:
            return
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
