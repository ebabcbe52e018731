"""Database routing: the primary for everything, a streaming replica for marked reads.

Installed (DATABASE_ROUTERS) only when DATABASE_REPLICA_URL is set (config/settings/base.py). The
rules and what they mean for code (writes, transactions, replication lag) are in core/replica.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from core.replica import replica_reads_allowed

REPLICA_DB_ALIAS = "replica"


class ReplicaRouter:
    """Reads inside `replica_reads()` go to "replica" when it is configured; all else to "default"."""

    replica = REPLICA_DB_ALIAS

    def _replica_configured(self) -> bool:
        return self.replica in settings.DATABASES

    def db_for_read(self, model, **hints) -> str:
        if not replica_reads_allowed() or not self._replica_configured():
            return DEFAULT_DB_ALIAS
        # Inside a transaction on the primary a read must see that transaction's own writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return self.replica

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The standby is a copy of the primary: an object read from one may refer to one of the other.
        aliases = {DEFAULT_DB_ALIAS, self.replica}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The standby is read-only and gets the schema by replication.
        return db == DEFAULT_DB_ALIAS
