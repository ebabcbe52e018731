"""Reads that may go to a PostgreSQL streaming replica (issue 13, "Beyond one machine").

`replica_reads()` marks a block (a `with` block, or a function it decorates) whose reads may be
served by the standby: the dashboard, the live statistics forms and the export jobs, which read a
lot and write nothing. The router (config/routers.py) sends a read to the "replica" alias only
inside such a block AND when settings.DATABASES has a "replica" (DATABASE_REPLICA_URL is set);
otherwise, and for every write, migration and transaction, everything stays on "default". The
querysets are the same (the same `visible_to(user)` scoping): only the connection changes.

What this means for code inside a block:

- Writes still go to the primary (the router answers "default" to `db_for_write`), so a job may
  move its progress or status from inside the block.
- A read inside a transaction on the primary (`transaction.atomic()`) stays on the primary: it must
  see its own transaction's writes, which the standby does not have.
- Replication lag: the standby replays the primary's WAL a little later (usually milliseconds,
  seconds under load). A read on the standby may miss rows written just before. So a job's OWN ROW
  (an export or report job just created by the request that queued it) is always read from the
  primary: outside the block, or with `.using("default")`. Only the data the job summarises, which
  may be a moment old, is read inside the block.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_replica_ok: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_reads", default=False)


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block (or the function it decorates), reads may be served by the replica."""
    token = _replica_ok.set(True)
    try:
        yield
    finally:
        _replica_ok.reset(token)


@contextlib.contextmanager
def primary_reads() -> Iterator[None]:
    """Within this block, reads go to the primary even inside `replica_reads()` (a row just written)."""
    token = _replica_ok.set(False)
    try:
        yield
    finally:
        _replica_ok.reset(token)


def replica_reads_allowed() -> bool:
    """Whether the current block was marked with `replica_reads()`."""
    return _replica_ok.get()
