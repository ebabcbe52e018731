"""Two people acting on one hazard at the same moment, on two real database connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from core.audit import history_for
from core.errors import ConcurrentChange, TransitionNotAllowed
from hazards import services
from hazards.models import Hazard

JOIN_SECONDS = 30


def _in_threads(calls) -> list:
    """Run the calls in threads released together; every thread must finish within JOIN_SECONDS.
    Returns each call's result or the exception it raised (any exception, so none goes unseen)."""
    barrier = threading.Barrier(len(calls), timeout=JOIN_SECONDS)
    outcomes: list = [None] * len(calls)

    def run(i, fn):
        try:
            outcomes[i] = fn(barrier)
        except BaseException as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn), daemon=True) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_SECONDS)
    assert [t.is_alive() for t in threads] == [False] * len(threads), "a thread did not finish (deadlock?)"
    return outcomes


def _race(hazard_pk, calls) -> list:
    """Each person loads the hazard (what their screen shows), then all act at the same moment."""

    def person(fn):
        def act(barrier):
            seen = Hazard.objects.get(pk=hazard_pk)
            barrier.wait()
            fn(seen)
            return "ok"

        return act

    return _in_threads([person(fn) for fn in calls])


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_close_once(make_hazard, official_a, official_a2):
    hazard = make_hazard(status="awaiting_acceptance")
    outcomes = _race(
        hazard.pk,
        [
            lambda h: services.hazard_accept(hazard=h, actor=official_a, note="A"),
            lambda h: services.hazard_accept(hazard=h, actor=official_a2, note="B"),
        ],
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    loser = next(o for o in outcomes if o != "ok")
    # Both loaded version 1: the loser's row lock sees version 2, whichever order the locks came in.
    assert type(loser) is ConcurrentChange, repr(loser)
    assert loser.status_code == 409 and "已被他人修改" in loser.message
    hazard.refresh_from_db()
    assert hazard.status == "closed" and hazard.version == 2
    assert [e.action for e in history_for(hazard)] == ["accept"]


@pytest.mark.django_db(transaction=True)
def test_acceptance_racing_a_rejection_one_wins(make_hazard, official_a, official_a2):
    hazard = make_hazard(status="awaiting_acceptance")
    outcomes = _race(
        hazard.pk,
        [
            lambda h: services.hazard_accept(hazard=h, actor=official_a, note="合格"),
            lambda h: services.hazard_reject(hazard=h, actor=official_a2, reason="不合格"),
        ],
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, ConcurrentChange | TransitionNotAllowed), repr(loser)
    assert loser.status_code == 409
    winner = ["accept", "reject"][outcomes.index("ok")]
    hazard.refresh_from_db()
    assert hazard.status == {"accept": "closed", "reject": "rectifying"}[winner]
    entries = list(history_for(hazard))
    assert [(e.action, e.to_state) for e in entries] == [(winner, hazard.status)]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_through_the_api_answer_200_and_409(api_for, make_hazard, official_a, official_a2):
    hazard = make_hazard(status="awaiting_acceptance")
    url = f"/api/v1/hazards/{hazard.pk}/accept/"

    def person(user, note):
        client = api_for(user)

        def act(barrier):
            barrier.wait()
            return client.post(url, {"note": note, "version": 1}, format="json")

        return act

    responses = _in_threads([person(official_a, "A"), person(official_a2, "B")])
    assert all(hasattr(r, "status_code") for r in responses), responses
    assert sorted(r.status_code for r in responses) == [200, 409], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert "已被他人修改" in loser.json()["detail"] and loser.json()["version"] == 2
    hazard.refresh_from_db()
    assert hazard.status == "closed" and [e.action for e in history_for(hazard)] == ["accept"]
