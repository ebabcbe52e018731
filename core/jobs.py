"""Background jobs driven by their row: sending a job to Celery never fails the request.

A job (an import, an export) is a row first; the message to Celery only says "run row N". When the
broker is unreachable the message is dropped and logged, the row stays 排队中, and the app's
periodic sweeper sends it again later; the job's run claims its row in one UPDATE, so however many
messages arrive it runs once.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def send_job(task, job_id: int) -> bool:
    """Send `task(job_id)` without retrying; False (and the row left waiting) when the broker is down."""
    try:
        task.apply_async((job_id,), retry=False)
    except Exception as exc:  # the broker is unreachable: the row keeps the job for the sweeper
        log.warning("%s(%s) left pending, broker unavailable: %s", task.name, job_id, exc)
        return False
    return True
