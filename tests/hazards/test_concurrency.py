"""Two people acting on one hazard at the same moment, on two real database connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from core.audit import history_for
from core.errors import ConcurrentChange, TransitionNotAllowed
from hazards import services
from hazards.models import Hazard


def _race(hazard_pk, calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, fn):
        try:
            seen = Hazard.objects.get(pk=hazard_pk)  # what each person loaded on their screen
            barrier.wait()
            fn(seen)
            outcomes[i] = "ok"
        except (ConcurrentChange, TransitionNotAllowed) as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


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
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, ConcurrentChange) and "已被他人修改" in loser.message
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
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    hazard.refresh_from_db()
    entries = list(history_for(hazard))
    assert len(entries) == 1 and entries[0].to_state == hazard.status
