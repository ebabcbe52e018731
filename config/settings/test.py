"""Test settings: the real PostgreSQL and Redis on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR, env_str

DEBUG = False
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan"))}
# One test database per pytest process, so concurrent runs on one machine do not collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/15")
# Rate limits and captchas must not leak between test runs: an in-process cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Unit tests run tasks eagerly; the background-job tests start a real worker on Redis
# (tests/conftest.py: celery_worker fixture) and switch this off for their duration.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_EAGER", "1") == "1"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / str(os.getpid())
PRIVATE_STORAGE_ROOT = BASE_DIR / "var" / "test-private" / str(os.getpid())
AXES_ENABLED = True
