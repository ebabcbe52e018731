"""Small helpers for tests."""

from __future__ import annotations

import contextlib
import time


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until predicate() is truthy (for results a background worker produces)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout:.0f} s")


def publish_at_once(task, *args, n: int = 4, gate=None, waiting: int = 2, timeout: float = 60.0, **kwargs) -> list:
    """Publish the same task n times in one go and return the n results.

    Meant for the `celery_parallel_worker` fixture (two tasks at a time in two processes). With
    `gate` (a model, or a table name) the duplicates are made to reach that table at the same
    moment: the test holds an ACCESS EXCLUSIVE lock on it from its own connection, publishes, waits
    until `waiting` worker sessions are blocked on the lock, then releases them together. So a race
    between two copies of a job is run every time, not only when the scheduler happens to line them
    up: a missing row lock, unique constraint or ON CONFLICT shows as an error or a duplicate.
    """
    from celery import group
    from django.db import connection

    signatures = group(task.s(*args, **kwargs) for _ in range(n))
    if gate is None:
        return signatures.apply_async().get(timeout=timeout, disable_sync_subtasks=False)
    table = gate if isinstance(gate, str) else gate._meta.db_table
    locker = connection.get_new_connection(connection.get_connection_params())
    try:
        with locker.cursor() as cursor:  # psycopg2: a transaction is open until commit
            cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
            results = signatures.apply_async()
            blocked = 0
            deadline = time.time() + timeout
            while time.time() < deadline:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [table])
                blocked = cursor.fetchone()[0]
                if blocked >= waiting:
                    break
                time.sleep(0.05)
            else:
                raise AssertionError(
                    f"only {blocked} of {waiting} copies of {task.name} reached {table} within {timeout:.0f} s"
                )
        locker.commit()  # the duplicates go on together
    finally:
        locker.close()
    return results.get(timeout=timeout, disable_sync_subtasks=False)


@contextlib.contextmanager
def broker_down(app):
    """Point the Celery app at a port where nothing listens (a broker that is down) for the block."""
    good = app.conf.broker_url

    def point_at(url):
        app.conf.broker_url = url
        app._pool = None  # the connection and producer pools are made again for this URL
        app.amqp._producer_pool = None

    point_at("redis://127.0.0.1:1/0")
    try:
        yield
    finally:
        point_at(good)
