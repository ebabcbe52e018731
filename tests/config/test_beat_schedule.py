"""The beat schedule (config/settings: CELERY_BEAT_SCHEDULE) names tasks the worker knows and can run.

A renamed or moved task leaves beat sending messages no worker accepts ("Received unregistered
task"): nothing fails, the job just never runs. These tests fail instead.
"""

from __future__ import annotations

import inspect

import pytest
from celery.schedules import crontab, schedule
from django.conf import settings

from config.celery import app

ENTRIES = sorted(settings.CELERY_BEAT_SCHEDULE.items())


def _registered_tasks() -> set[str]:
    app.loader.import_default_modules()  # what a worker does at start: autodiscover every app's tasks
    return {name for name in app.tasks if not name.startswith("celery.")}


def test_the_beat_schedule_is_not_empty():
    assert len(ENTRIES) >= 5, ENTRIES


@pytest.mark.parametrize(("entry", "config"), ENTRIES, ids=[name for name, _ in ENTRIES])
def test_every_beat_entry_names_a_registered_task_it_can_call(entry, config):
    registered = _registered_tasks()
    assert config["task"] in registered, f"{entry}: {config['task']} is not a registered task"
    assert isinstance(config["schedule"], crontab | schedule), f"{entry}: {config['schedule']!r}"
    task = app.tasks[config["task"]]
    # The arguments beat will send must fit the task's signature.
    inspect.signature(task.run).bind(*config.get("args", ()), **config.get("kwargs", {}))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_every_periodic_task_runs_once_through_a_real_worker(celery_worker):
    """Each task sent as beat would send it, run by the worker process, returns (no error, no time-out)."""
    outcomes = {}
    for entry, config in ENTRIES:
        result = celery_worker.send_task(config["task"], args=config.get("args", ()), kwargs=config.get("kwargs", {}))
        try:
            outcomes[entry] = ("ok", type(result.get(timeout=60)).__name__)
        except Exception as exc:
            outcomes[entry] = ("failed", f"{type(exc).__name__}: {exc}")
    assert [entry for entry, (state, _) in outcomes.items() if state != "ok"] == [], outcomes
