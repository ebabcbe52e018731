"""The Celery application. Tasks are thin: they take ids and call services."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("anquan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
