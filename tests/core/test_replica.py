"""Reads of the dashboard, statistics and exports on a streaming replica (core/replica.py, config/routers.py).

The router's rules are checked here in-process; the real thing against the primary (5441) and
streaming standby (5442) that `make replica` starts: a Django process pointed at both
(DATABASE_URL, DATABASE_REPLICA_URL, as in production) reads on the standby inside
`replica_reads()`, writes on the primary, and sees a row written on the primary appear on the
standby once replicated. The main suite's database stays on 5432.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import dj_database_url
import psycopg2
import pytest
from django.db import connections

from config.routers import ReplicaRouter
from core.replica import primary_reads, replica_reads, replica_reads_allowed
from tests.utils import wait_for

PRIMARY_URL = os.environ.get("TEST_DATABASE_REPLICA_PRIMARY_URL", "postgres://postgres@127.0.0.1:5441/postgres")
STANDBY_URL = os.environ.get("TEST_DATABASE_REPLICA_URL", "postgres://postgres@127.0.0.1:5442/postgres")
NOT_RUNNING = "Run `make replica` (scripts/replica.sh) to start the local primary on 5441 and its standby on 5442."
PROBE_MARK = "REPLICA-PROBE "


class Model:
    """Routers receive a model class; these rules do not look at it."""


@pytest.fixture
def with_replica(settings):
    """settings.DATABASES with a "replica" alias (the router only looks whether it is there)."""
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}


@pytest.fixture
def without_replica(settings):
    settings.DATABASES = {alias: conf for alias, conf in settings.DATABASES.items() if alias != "replica"}


# --- the router ---------------------------------------------------------------------------------


def test_replica_reads_marks_only_its_block_and_nests():
    assert not replica_reads_allowed()
    with replica_reads():
        assert replica_reads_allowed()
        with primary_reads():
            assert not replica_reads_allowed()
        assert replica_reads_allowed()
    assert not replica_reads_allowed()


def test_replica_reads_works_as_a_decorator():
    @replica_reads()
    def inside() -> bool:
        return replica_reads_allowed()

    assert inside() is True
    assert not replica_reads_allowed()


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_without_a_replica_configured_every_read_goes_to_default(without_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Model) == "default"
    with replica_reads():
        assert router.db_for_read(Model) == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
@pytest.mark.django_db(transaction=True)  # outside any transaction, as a request or a job runs
def test_with_a_replica_only_marked_reads_go_to_it_and_writes_stay_on_default(with_replica):
    router = ReplicaRouter()
    assert not connections["default"].in_atomic_block
    assert router.db_for_read(Model) == "default"
    assert router.db_for_write(Model) == "default"
    with replica_reads():
        assert router.db_for_read(Model) == "replica"
        assert router.db_for_write(Model) == "default"
        with primary_reads():  # a job's own row, just written: read from the primary
            assert router.db_for_read(Model) == "default"
    assert router.db_for_read(Model) == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_a_read_inside_a_transaction_on_default_stays_on_default(with_replica):
    # This test runs inside the test's transaction (the `db` fixture): it must see its own writes.
    assert connections["default"].in_atomic_block
    with replica_reads():
        assert ReplicaRouter().db_for_read(Model) == "default"


def test_migrations_run_on_default_only_and_relations_between_the_two_are_allowed():
    from core.models import Region

    router = ReplicaRouter()
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate("replica", "core") is False
    on_primary, on_replica = Region(), Region()
    on_primary._state.db, on_replica._state.db = "default", "replica"
    assert router.allow_relation(on_primary, on_replica) is True


# --- the entry points that read through the replica ---------------------------------------------


@pytest.fixture
def replica_alias(transactional_db, settings):
    """A "replica" alias on the test database itself (a second connection, as TEST MIRROR gives
    under the test runner) with the router installed: the queries run on that connection are the
    reads the code sends to the replica."""
    from django.db.utils import load_backend

    conf = {**connections["default"].settings_dict}
    # Made by hand and not listed in connections.settings: Django's test case allows such a
    # dynamically created connection (a listed alias would have to be declared before set-up).
    replica = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, "replica")
    connections["replica"] = replica
    settings.DATABASES = {**settings.DATABASES, "replica": conf}
    settings.DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
    try:
        yield replica
    finally:
        replica.close()
        del connections["replica"]


def _split(fn):
    """(result, queries on the primary, queries on the replica) of fn()."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as rep:
        result = fn()
    return result, [q["sql"] for q in primary], [q["sql"] for q in rep]


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_the_dashboard_and_statistics_pages_and_api_read_from_the_replica(
    replica_alias, api_for, official_a, enterprise_a
):
    from django.test import Client

    page = Client()
    page.force_login(official_a)
    api = api_for(official_a)
    for client, url, params in (
        (api, "/api/v1/dashboard/", {}),
        (api, "/api/v1/statistics/", {"form": "national"}),
        (page, "/dashboard/", {}),
        (page, "/reports/statistics/", {"form": "national"}),
    ):
        response, _on_primary, on_replica = _split(lambda: client.get(url, params))  # noqa: B023
        assert response.status_code == 200, (url, response.content[:500])
        assert any("hazards_hazard" in sql for sql in on_replica), url  # the figures came from the replica


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_an_export_job_reads_its_rows_from_the_replica_and_writes_its_row_to_the_primary(
    replica_alias, official_a, enterprise_a
):
    from reports.exports.jobs import export_request
    from reports.models import ExportJob

    # Celery runs eagerly here: the job runs after the request's commit, in this process.
    job, on_primary, on_replica = _split(
        lambda: export_request(actor=official_a, kind="enterprises", filters={}, fmt="csv")
    )
    job = ExportJob.objects.get(pk=job.pk)
    assert job.status == "done" and job.total == job.done == 1, (job.status, job.error)
    assert any("enterprises_enterprise" in sql for sql in on_replica)  # the rows exported
    assert not any("reports_exportjob" in sql for sql in on_replica)  # never the job's own row
    assert any(sql.startswith("UPDATE") and "reports_exportjob" in sql for sql in on_primary)
    assert not any(sql.startswith(("UPDATE", "INSERT", "DELETE")) for sql in on_replica)


# --- the real primary and standby ---------------------------------------------------------------


def _dsn(url: str, name: str | None = None) -> dict:
    conf = dj_database_url.parse(url)
    return {
        "host": conf["HOST"] or "127.0.0.1",
        "port": conf["PORT"] or 5432,
        "user": conf["USER"] or "postgres",
        "password": conf["PASSWORD"] or None,
        "dbname": name or conf["NAME"] or "postgres",
        "connect_timeout": 5,
    }


def _url(url: str, name: str) -> str:
    d = _dsn(url, name)
    auth = d["user"] + (f":{d['password']}" if d["password"] else "")
    return f"postgres://{auth}@{d['host']}:{d['port']}/{name}"


def _in_recovery(url: str, name: str | None = None) -> bool:
    conn = psycopg2.connect(**_dsn(url, name))
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            return cursor.fetchone()[0]
    finally:
        conn.close()


def _require_clusters() -> None:
    """Fail (never skip) when the clusters are not there, saying how to start them."""
    for url, role, recovering in ((PRIMARY_URL, "primary", False), (STANDBY_URL, "standby", True)):
        try:
            state = _in_recovery(url)
        except psycopg2.OperationalError as exc:
            pytest.fail(f"The replica {role} at {url} is not reachable ({exc}). {NOT_RUNNING}", pytrace=False)
        if state != recovering:
            pytest.fail(f"{url} is not a {role} (pg_is_in_recovery() = {state}). {NOT_RUNNING}", pytrace=False)


def _standby_has(name: str) -> bool:
    try:
        _in_recovery(STANDBY_URL, name)
    except psycopg2.OperationalError:
        return False
    return True


@pytest.fixture
def replica_database():
    """A database made on the primary for this run; the standby gets it by replication."""
    _require_clusters()
    name = f"anquan_replica_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(**_dsn(PRIMARY_URL))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        wait_for(lambda: _standby_has(name), timeout=60)  # replication of CREATE DATABASE
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_reads_go_to_the_standby_and_writes_to_the_primary_which_replicates_them(replica_database):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _url(PRIMARY_URL, replica_database),
        "DATABASE_REPLICA_URL": _url(STANDBY_URL, replica_database),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.test_replica"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(PROBE_MARK)]
    assert done.returncode == 0 and lines, f"probe failed:\n{done.stdout}\n{done.stderr}"
    seen = json.loads(lines[-1][len(PROBE_MARK) :])

    assert seen["routers"] == ["config.routers.ReplicaRouter"]  # installed by DATABASE_REPLICA_URL
    # Outside replica_reads(): the primary.
    assert seen["read_outside"] == {"alias": "default", "in_recovery": False}
    # Inside: the standby (a server in recovery), for the same queryset.
    assert seen["read_inside"] == {"alias": "replica", "in_recovery": True}
    # Writes go to the primary, inside the block too; the standby itself refuses them.
    assert seen["write"] == {"alias": "default", "in_recovery": False}
    assert seen["write_inside"] == {"alias": "default", "in_recovery": False}
    assert "read-only" in seen["write_on_standby_refused"]
    # A row written on the primary is read back from the standby once replicated.
    assert seen["written_row_seen_on_standby"] is True
    assert seen["second_row_seen_on_standby"] is True
    # Inside a transaction on the primary, reads stay on the primary.
    assert seen["read_in_transaction"] == "default"


def _wait(predicate, timeout: float = 60.0) -> bool:
    """Poll up to `timeout` seconds (a bound for replication, not a measurement). Until the standby
    has replayed the CREATE TABLE, reading the table there is an error: not yet."""
    from django.db import ProgrammingError

    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return True
        except ProgrammingError:  # relation does not exist (yet) on the standby
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def probe() -> dict:
    """Run in a Django process whose default is the primary and replica the standby."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    def server(alias: str) -> dict:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            return {"alias": alias, "in_recovery": cursor.fetchone()[0]}

    seen: dict = {"routers": settings.DATABASE_ROUTERS}
    with connection.schema_editor() as editor:  # one plain table is enough (no migrations)
        editor.create_model(ContentType)
    marker = uuid.uuid4().hex
    row = ContentType.objects.create(app_label="replica_probe", model=marker)
    seen["write"] = server(row._state.db)
    rows = ContentType.objects.filter(app_label="replica_probe", model=marker)
    seen["read_outside"] = server(rows.db)
    with replica_reads():
        rows = ContentType.objects.filter(app_label="replica_probe", model=marker)
        seen["read_inside"] = server(rows.db)
        seen["written_row_seen_on_standby"] = _wait(rows.exists)
        second = ContentType.objects.create(app_label="replica_probe", model=marker + "-2")
        seen["write_inside"] = server(second._state.db)
        seen["second_row_seen_on_standby"] = _wait(
            ContentType.objects.filter(app_label="replica_probe", model=marker + "-2").exists
        )
        with transaction.atomic():
            seen["read_in_transaction"] = ContentType.objects.all().db
    try:
        ContentType.objects.using("replica").create(app_label="replica_probe", model=marker + "-3")
        seen["write_on_standby_refused"] = ""
    except Exception as exc:  # psycopg2: cannot execute INSERT in a read-only transaction
        seen["write_on_standby_refused"] = str(exc)
    return seen


if __name__ == "__main__":
    print(PROBE_MARK + json.dumps(probe()), flush=True)
