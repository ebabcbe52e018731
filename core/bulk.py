"""Bulk inserts that say how many rows they really created.

Django's `bulk_create(..., ignore_conflicts=True)` returns every object it was given, inserted or
not, so a job that runs twice at the same time would report both runs' rows. `insert_new` writes
`INSERT … ON CONFLICT DO NOTHING RETURNING` (PostgreSQL and SQLite alike) and counts the rows the
database hands back: only those this call created.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models


def insert_new(model: type[models.Model], objs: Iterable[models.Model], *, batch_size: int = 1000) -> int:
    """Insert the objects, skipping any that a unique constraint already holds; how many were new."""
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField | models.BigAutoField)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    created = 0
    batch: list[models.Model] = []

    def flush() -> int:
        if not batch:
            return 0
        params = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for obj in batch for f in fields]
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([row] * len(batch))} "
            "ON CONFLICT DO NOTHING RETURNING 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return len(cursor.fetchall())

    for obj in objs:
        batch.append(obj)
        if len(batch) >= batch_size:
            created += flush()
            batch = []
    created += flush()
    return created
