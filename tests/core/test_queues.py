"""Celery queues by kind of work (config/settings/base.py: CELERY_TASK_QUEUES, CELERY_TASK_ROUTES).

A task left without a route would land on the default queue, where the workers sized for it are not:
an export among the notifications delays every notification. These tests fail instead, and check
that docker-compose.yml has workers for every queue.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from config.celery import app

KINDS = {"interactive", "exports", "reports", "beat"}
COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"


def _project_tasks() -> list[str]:
    app.loader.import_default_modules()  # what a worker does at start: autodiscover every app's tasks
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def _queue_of(task_name: str) -> str:
    """The queue Celery's own router sends this task to (as `apply_async` and beat do)."""
    return app.amqp.router.route({}, task_name)["queue"].name


def _declared() -> set[str]:
    return {queue.name for queue in app.conf.task_queues}


def test_the_four_queues_are_declared_each_with_its_own_exchange_and_key():
    prefix = settings.CELERY_QUEUE_PREFIX
    assert _declared() == {prefix + kind for kind in KINDS}
    bindings = [(queue.exchange.name, queue.routing_key) for queue in app.conf.task_queues]
    assert len(set(bindings)) == len(bindings), bindings  # no message delivered to two queues
    assert app.conf.task_default_queue == prefix + "interactive"


@pytest.mark.parametrize("task_name", _project_tasks())
def test_every_task_of_the_project_is_routed_to_a_declared_queue(task_name):
    assert task_name in settings.CELERY_TASK_ROUTES, f"{task_name} has no route in CELERY_TASK_ROUTES"
    assert _queue_of(task_name) in _declared()


@pytest.mark.parametrize("entry", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_beat_entry_is_routed_to_a_declared_queue(entry):
    task_name = settings.CELERY_BEAT_SCHEDULE[entry]["task"]
    assert task_name in settings.CELERY_TASK_ROUTES, f"{entry}: {task_name} has no route"
    assert _queue_of(task_name) in _declared()


def test_work_goes_to_the_queue_of_its_kind():
    prefix = settings.CELERY_QUEUE_PREFIX
    assert _queue_of("accounts.tasks.deliver_notification") == prefix + "interactive"
    assert _queue_of("reports.tasks.run_export") == prefix + "exports"
    assert _queue_of("enterprises.tasks.run_enterprise_import") == prefix + "exports"
    assert _queue_of("reports.tasks.generate_due_stat_reports") == prefix + "reports"
    assert _queue_of("reports.tasks.sweep_exports") == prefix + "beat"
    assert _queue_of("hazards.tasks.escalate_overdue") == prefix + "beat"


def _compose_workers() -> dict[str, str]:
    services = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    return {name: service["command"] for name, service in services.items() if "celery" in str(service.get("command"))}


def test_docker_compose_has_a_worker_for_every_queue_and_one_beat():
    commands = _compose_workers()
    consumed = set()
    for name, command in commands.items():
        words = command.split()
        assert "-Q" in words and "--concurrency" in words, f"{name}: {command}"
        consumed.update(words[words.index("-Q") + 1].split(","))
    assert consumed == KINDS
    assert {"worker-interactive", "worker-exports", "worker-reports", "beat"} <= set(commands)
    schedulers = [name for name, command in commands.items() if "-B" in command.split() or command.split()[3] == "beat"]
    assert schedulers == ["beat"]  # one scheduler, or every periodic job runs twice
