"""Test personas (conventions: an official of region A, a leader of A, an official of region B,
an enterprise user, an outsider) on the demo region and industry trees."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from core.reference import load_reference


@pytest.fixture(autouse=True)
def _reference_data(db):
    load_reference()


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


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker process consuming from Redis and writing to the test database.

    Tasks sent while the fixture is active go through the broker (not eagerly) to a private
    queue, so stale messages from other runs are never consumed. Data the test wants the
    worker to see must be committed (transactional_db).
    """
    import os
    import subprocess
    import sys
    import time
    import uuid

    from django.db import connection

    from config.celery import app

    queue = f"test-{uuid.uuid4().hex[:10]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
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
            "--pool=solo",
            "-Q",
            queue,
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
    old = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
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
        app.conf.task_always_eager, app.conf.task_default_queue = old
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
