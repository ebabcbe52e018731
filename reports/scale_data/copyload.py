"""Streaming rows into PostgreSQL with COPY, the way a bulk load is done at scale.

A table filled from empty loses its secondary indexes and constraints for the time of the load and
gets them back, built in one sort each, in the same transaction: if anything fails, the
transaction rolls back and the table keeps its indexes. Foreign keys re-added at the end are
validated by PostgreSQL over the whole table, so the generated rows are checked all the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection

NULL = "\\N"


def esc(value: str) -> str:
    """A text value for COPY's text format."""
    if "\\" not in value and "\t" not in value and "\n" not in value and "\r" not in value:
        return value
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def opt(value) -> str:
    return NULL if value is None else str(value)


class LineStream:
    """A file-like object psycopg2's copy_expert reads: the lines of a generator, encoded on demand."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._buffer = b""

    def read(self, size: int = 65536) -> bytes:
        size = max(size, 65536) * 4
        parts, length = [self._buffer], len(self._buffer)
        for line in self._lines:
            chunk = line.encode()
            parts.append(chunk)
            length += len(chunk)
            if length >= size:
                break
        data = b"".join(parts)
        self._buffer = data[size:]
        return data[:size]


@dataclass
class Progress:
    """Rows per table, rows per second and elapsed time, printed as the load goes."""

    write: Callable[[str], None]
    started: float = field(default_factory=time.perf_counter)
    counts: dict[str, tuple[int, float]] = field(default_factory=dict)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def line(self, table: str, rows: int, seconds: float, note: str = "") -> None:
        rate = rows / seconds if seconds > 0 else 0.0
        self.counts[table] = (rows, seconds)
        self.write(
            f"  {table:<36} {rows:>12,} rows {seconds:8.1f} s {rate:>11,.0f} rows/s"
            f"   [elapsed {self.elapsed():7.1f} s]{'  ' + note if note else ''}"
        )


def table_columns(table: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return [r[0] for r in cur.fetchall()]


def column_defaults(table: str, given: list[str]) -> dict[str, str]:
    """COPY text of the model's default for each column of `table` the generator does not give: a
    field added later with a default keeps the generator working."""
    model = next((m for m in apps.get_models() if m._meta.db_table == table), None)
    out = {}
    for column in table_columns(table):
        if column in given:
            continue
        f = next((f for f in model._meta.concrete_fields if f.column == column), None) if model else None
        value = f.get_db_prep_save(f.get_default(), connection) if f is not None else None
        if isinstance(value, bool):
            value = "t" if value else "f"
        out[column] = NULL if value is None else esc(str(value))
    return out


def _secondary_definitions(cur, table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(constraints, indexes) of `table` other than its primary key: (name, definition) pairs.

    A unique constraint another table's foreign key relies on stays in place."""
    cur.execute(
        """
        SELECT c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.conrelid = %s::regclass AND c.contype IN ('u', 'f')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid
                          AND c.contype = 'u')
        ORDER BY c.conname
        """,
        [table],
    )
    constraints = cur.fetchall()
    cur.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY i.relname
        """,
        [table],
    )
    return constraints, cur.fetchall()


def load_table(
    table: str,
    columns: list[str],
    lines: Iterable[str],
    progress: Progress,
) -> int:
    """COPY `lines` (tab-separated in `columns` order, newline-terminated) into the empty `table`."""
    started = time.perf_counter()
    defaults = column_defaults(table, columns)
    count = 0
    suffix = "".join("\t" + v for v in defaults.values())

    def counted() -> Iterator[str]:
        nonlocal count
        for line in lines:
            count += 1
            yield line[:-1] + suffix + "\n" if suffix else line

    quoted = ", ".join(f'"{c}"' for c in [*columns, *defaults])
    with connection.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # Checks still pending in this transaction (rows written just before) would forbid the DDL.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        constraints, indexes = _secondary_definitions(cur, table)
        for name, _definition in constraints:
            cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.cursor.copy_expert(f'COPY "{table}" ({quoted}) FROM STDIN', LineStream(counted()))
        loaded = time.perf_counter()
        for _name, definition in indexes:
            cur.execute(definition)
        for name, definition in constraints:
            cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cur.execute("SET CONSTRAINTS ALL DEFERRED")
        if "id" in columns:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT max(id) FROM "{table}"), 0) + 1, false)'
            )
    total = time.perf_counter() - started
    progress.line(
        table,
        count,
        total,
        f"(copy {loaded - started:.1f} s, {len(indexes)} indexes + {len(constraints)} constraints "
        f"rebuilt {total - (loaded - started):.1f} s)",
    )
    return count
