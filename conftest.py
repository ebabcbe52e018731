"""Test personas (conventions: an official of region A, a leader of A, an official of region B,
an enterprise user, an outsider) on the demo region and industry trees."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from core.reference import load_reference


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database may be emptied with TRUNCATE between tests (transactional tests), which
    the audit table otherwise refuses (core migration 0002): allow it on this throw-away database
    only. New connections (test servers, workers) get the setting too."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"ALTER DATABASE \"{connection.settings_dict['NAME']}\" SET anquan.audit_truncate_allowed = 'on'"
                )
                cursor.execute("SET anquan.audit_truncate_allowed = 'on'")


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache is Redis (as in production); empty this run's keys so that a rate limit or a used
    captcha of one test never reaches the next."""
    from django.conf import settings
    from django.core.cache import cache

    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    if prefix and "redis" in settings.CACHES["default"]["BACKEND"].lower():
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture
def region(db):
    from core.models import Region

    return lambda code: Region.objects.get(code=code)


@pytest.fixture
def agency_a(db):
    from tests.factories import AgencyFactory

    return AgencyFactory(name="南宁市应急管理局")


@pytest.fixture
def agency_b(db):
    from core.models import Region
    from tests.factories import AgencyFactory

    return AgencyFactory(name="柳州市应急管理局", region=Region.objects.get(code="450200"))


@pytest.fixture
def construction_agency(db):
    from core.models import Industry
    from tests.factories import AgencyFactory

    agency = AgencyFactory(name="南宁市住房城乡建设局", kind="construction", comprehensive=False)
    agency.industries.set([Industry.objects.get(code="construction")])
    return agency


@pytest.fixture
def official_a(agency_a):
    from tests.factories import UserFactory

    return UserFactory(
        username="official_a",
        display_name="黄海燕",
        agency=agency_a,
        role="inspector",
        cert_number="GX001",
        cert_valid_until=date(2099, 12, 31),
    )


@pytest.fixture
def official_a2(agency_a):
    from tests.factories import UserFactory

    return UserFactory(
        username="official_a2",
        display_name="陆建明",
        agency=agency_a,
        role="inspector",
        cert_number="GX002",
        cert_valid_until=date(2099, 12, 31),
    )


@pytest.fixture
def leader_a(agency_a):
    from tests.factories import UserFactory

    return UserFactory(username="leader_a", display_name="覃国华", agency=agency_a, role="leader")


@pytest.fixture
def legal_a(agency_a):
    from tests.factories import UserFactory

    return UserFactory(username="legal_a", display_name="莫晓雯", agency=agency_a, role="legal")


@pytest.fixture
def official_b(agency_b):
    from tests.factories import UserFactory

    return UserFactory(
        username="official_b",
        display_name="蓝文斌",
        agency=agency_b,
        role="inspector",
        cert_number="GX101",
        cert_valid_until=date(2099, 12, 31),
    )


@pytest.fixture
def construction_official(construction_agency):
    from tests.factories import UserFactory

    return UserFactory(username="construction_a", agency=construction_agency, role="inspector")


@pytest.fixture
def enterprise_a(db):
    """A hazardous-chemicals enterprise in 南宁·兴宁区·民生街道 (region A)."""
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(name="南宁邕江化工有限公司")


@pytest.fixture
def enterprise_b(db):
    """An enterprise in 柳州·城中区 (region B)."""
    from core.models import Region
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(
        name="柳州鑫源机械制造有限公司", region=Region.objects.get(code="450202001"), industries=["machinery"]
    )


@pytest.fixture
def enterprise_user(enterprise_a):
    from tests.factories import UserFactory

    return UserFactory(username="ent_a", display_name="周安全", kind="enterprise", enterprise=enterprise_a)


@pytest.fixture
def enterprise_user_b(enterprise_b):
    from tests.factories import UserFactory

    return UserFactory(username="ent_b", kind="enterprise", enterprise=enterprise_b)


@pytest.fixture
def outsider(db):
    """An outside expert: sees no enterprise data unless a group they belong to gives it."""
    from tests.factories import UserFactory

    return UserFactory(username="outsider", kind="expert", in_expert_pool=True)


@pytest.fixture
def api():
    """An API client; `api.force_authenticate(user)` to act as a persona."""
    return APIClient()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api_for():
    return api_as


def _reload_routes(app) -> None:
    """Celery reads task_routes once into its router: make it read them again."""
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()


@contextlib.contextmanager
def _worker_process(settings, pool_args: list[str]):
    """A real Celery worker process consuming from Redis and writing to the test database.

    Tasks sent while it runs go through the broker (not eagerly) to the queues of their kind
    (settings.CELERY_TASK_ROUTES) under a private prefix (CELERY_QUEUE_PREFIX) that the worker alone
    consumes, so stale messages from other runs are never consumed. Data the test wants the worker
    to see must be committed (transactional_db).
    """
    import os
    import subprocess
    import sys
    import time
    import uuid

    from django.db import connection

    from config.celery import app

    queue = f"test-{uuid.uuid4().hex[:10]}"
    prefix = f"{queue}-"
    queues = [prefix + kind for kind in settings.CELERY_QUEUE_KINDS]
    routes = {name: {**route, "queue": prefix + route["queue"]} for name, route in settings.CELERY_TASK_ROUTES.items()}
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE_PREFIX": prefix,
        "CELERY_EAGER": "0",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            *pool_args,
            "-Q",
            ",".join(queues),
            "-n",
            f"{queue}@%h",
            "-l",
            "warning",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
    )
    old = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.task_routes)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = prefix + "interactive"
    app.conf.task_routes = routes
    _reload_routes(app)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1):
                break
            if proc.poll() is not None:
                raise RuntimeError("celery worker exited during start-up")
        else:
            raise RuntimeError("celery worker did not answer a ping within 60 s")
        yield app
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.task_routes = old
        _reload_routes(app)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def celery_worker(transactional_db, settings):
    """One worker process running one task at a time (`--pool=solo`): duplicates run one after the other."""
    with _worker_process(settings, ["--pool=solo"]) as app:
        yield app


@pytest.fixture
def celery_parallel_worker(transactional_db, settings):
    """A worker running two tasks at the same moment in two child processes (prefork, concurrency 2,
    one message reserved per child): duplicates published together really run concurrently, each on
    its own database connection. Use with tests.utils.publish_at_once."""
    with _worker_process(
        settings, ["--pool=prefork", "--concurrency=2", "--prefetch-multiplier=1", "-O", "fair"]
    ) as app:
        yield app


def pytest_collection_modifyitems(items):
    """Tests that start a real worker carry the `worker` marker (select them with -m worker)."""
    for item in items:
        if {"celery_worker", "celery_parallel_worker"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.worker)


# --- No silent skips ----------------------------------------------------------------------------
# A skipped (or xfailed) test that is not on tests/skip-allowlist.txt fails the run: a test that
# silently stops running (a missing file, an import that went away) must not leave the run green.

SKIP_ALLOWLIST = Path(__file__).resolve().parent / "tests" / "skip-allowlist.txt"


def read_skip_allowlist(path: Path = SKIP_ALLOWLIST) -> dict[str, str]:
    """{node id: reason} from the allow-list; a line without a `# reason` is a usage error."""
    allowed: dict[str, str] = {}
    if not path.exists():
        return allowed
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        nodeid, _, reason = line.partition("#")
        if not nodeid.strip() or not reason.strip():
            raise pytest.UsageError(f"{path}:{number}: expected `<node id>  # <reason>`, got {raw!r}")
        allowed[nodeid.strip()] = reason.strip()
    return allowed


class SkipAllowlist:
    """Records every skipped or xfailed test and collector; fails the session on one not listed."""

    def __init__(self, allowed: dict[str, str]):
        self.allowed = allowed
        self.seen: dict[str, str] = {}

    def _record(self, report) -> None:
        if not report.skipped:
            return
        if hasattr(report, "wasxfail"):
            why = f"xfailed: {report.wasxfail}"
        elif isinstance(report.longrepr, tuple):  # (file, line, "Skipped: reason")
            why = f"skipped at {report.longrepr[0]}:{report.longrepr[1]}: {report.longrepr[2]}"
        else:
            why = f"skipped: {report.longrepr}"
        self.seen[report.nodeid] = why

    def pytest_runtest_logreport(self, report):
        self._record(report)

    def pytest_collectreport(self, report):  # a module-level skip or importorskip: the whole file
        self._record(report)

    @property
    def unlisted(self) -> dict[str, str]:
        return {nodeid: why for nodeid, why in self.seen.items() if nodeid not in self.allowed}

    def pytest_sessionfinish(self, session, exitstatus):
        if self.unlisted and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        listed = {nodeid: self.allowed[nodeid] for nodeid in self.seen if nodeid in self.allowed}
        if listed:
            terminalreporter.section("allow-listed skips (tests/skip-allowlist.txt)")
            for nodeid, reason in listed.items():
                terminalreporter.line(f"{nodeid}  # {reason}")
        if self.unlisted:
            terminalreporter.section("skips not on tests/skip-allowlist.txt: the run fails", red=True, bold=True)
            for nodeid, why in self.unlisted.items():
                terminalreporter.line(f"{nodeid}: {why}", red=True)
            terminalreporter.line(
                "Make the test run, or add `<node id>  # <reason>` to tests/skip-allowlist.txt.", red=True
            )


def pytest_configure(config):
    config.pluginmanager.register(SkipAllowlist(read_skip_allowlist()), "skip-allowlist")
