"""schemathesis over the whole OpenAPI schema (`make fuzz`; issue 12, "What must be shown").

Every operation of `/api/schema/` is called through the Django WSGI application on this process's
test database holding the demo data, as a 南宁 official, an enterprise user and anonymous, with
schemathesis' positive and negative examples. Each response must pass the checks for server
errors and for conformance to the schema (status code, content type, body). Path parameters are
drawn both at random and from the rows that exist (so that real objects, in and out of the
persona's jurisdiction, are reached). Every example runs inside a savepoint that is rolled back,
so each starts from the same demo data.

Bounded for CI: FUZZ_MAX_EXAMPLES examples per operation and generation mode (default 6); the
closing lines print the number of operations and examples. The `fuzz` marker keeps it out of
`make test` (pytest.ini deselects it); `make fuzz` runs it.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict

import hypothesis
import pytest
import schemathesis
from django.db import transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PERSONAS = {"official": "nn_official", "enterprise": "ent_user", "anonymous": None}
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
# Views whose queryset is built per request: the model their path parameter names.
PATH_MODELS = {
    "/api/v1/inspections/": "inspections.Inspection",
    "/api/v1/campaigns/{campaign_id}/": "campaigns.Campaign",
    "/api/v1/public/reports/": "hazards.PublicReport",
}
TOTALS: dict[str, Counter] = defaultdict(Counter)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, committed once for this module (the test database is this process's own)."""
    from core.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(scope="module")
def api_schema(demo_data, django_db_blocker):
    from django.core.wsgi import get_wsgi_application

    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: a request must not close the connection that holds the test's
    transaction (the WSGI handler's request signals would, with CONN_MAX_AGE 0)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _model_of(path: str):
    """The model whose rows the operation's path parameter names (None when it names none)."""
    from django.apps import apps

    for prefix, label in PATH_MODELS.items():
        if path.startswith(prefix):
            return apps.get_model(label)
    try:
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
    except Resolver404:
        return None
    queryset = getattr(getattr(match.func, "cls", None), "queryset", None)
    return None if queryset is None else queryset.model


def _known_values(operation) -> dict[str, list]:
    """For each path parameter: some values of rows that exist (ids of any jurisdiction)."""
    names = [p.name for p in operation.path_parameters]
    if not names:
        return {}
    model = _model_of(operation.path)
    if model is None:
        return {}
    values = {}
    for name in names:
        field = "pk" if name in ("id", "campaign_id") else name
        found = list(model._default_manager.order_by("?").values_list(field, flat=True)[:8])
        if found:
            values[name] = found
    return values


def _token(username: str | None) -> dict:
    if username is None:
        return {}
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
    return {"Authorization": f"Token {token.key}"}


def _failure_lines(exc: BaseException) -> list[str]:
    inner = getattr(exc, "exceptions", None) or [exc]
    return [
        str(getattr(f, "title", "") or type(f).__name__) + ": " + str(getattr(f, "message", f))[:400] for f in inner
    ]


def _fuzz_operation(operation, headers: dict, failures: dict, counts: Counter) -> None:
    known = _known_values(operation)
    for mode in MODES:
        try:
            _fuzz_mode(operation, mode, known, headers, failures, counts)
        except hypothesis.errors.Unsatisfiable:
            # Nothing to negate (an operation without parameters or body): no negative examples.
            counts["unsatisfiable"] += 1


def _fuzz_mode(operation, mode, known: dict, headers: dict, failures: dict, counts: Counter) -> None:
    overrides = st.fixed_dictionaries(
        {name: st.one_of(st.none(), st.sampled_from(values)) for name, values in known.items()}
    )

    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), chosen=overrides)
    def run(case, chosen):
        for name, value in chosen.items():
            if value is not None:
                case.path_parameters[name] = value
        counts["examples"] += 1
        savepoint = transaction.savepoint()
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # every failure is collected and reported
            for line in _failure_lines(exc):
                key = (operation.label, mode.value, line[:200])
                failures.setdefault(key, f"[{mode.value}] {case.method} {case.formatted_path} {line}")
        finally:
            transaction.savepoint_rollback(savepoint)

    run()


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_whole_schema_survives_fuzzing(persona, api_schema, keep_test_connection):
    headers = _token(PERSONAS[persona])
    failures: dict = {}
    counts: Counter = Counter()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        _fuzz_operation(operation, headers, failures, counts)
    TOTALS[persona].update(counts)
    print(
        f"\nfuzz as {persona}: {counts['operations']} operations, {counts['examples']} examples, {len(failures)} failures"
    )
    for line in failures.values():
        print("FUZZ| " + line.replace("\n", " ")[:600])
    assert not failures, f"{len(failures)} distinct failures as {persona} (listed above)"
