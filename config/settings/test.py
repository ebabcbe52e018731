"""Test settings: the real PostgreSQL and Redis on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, add_replica, database_from_url, env_bool, env_str

DEBUG = False
DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anquan"))}
# One test database per pytest process, so concurrent runs on one machine do not collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DATABASE_ROUTERS = add_replica(DATABASES)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/15")
# Redis, as in production, in its own database number; keys carry this process's prefix so that
# concurrent runs do not meet, and the root conftest.py empties them before each test. Server
# processes a test starts get the same prefix (CACHE_KEY_PREFIX) and so share the cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_CACHE_URL", "redis://127.0.0.1:6379/14"),
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", f"test{os.getpid()}"),
    }
}
# The dashboard compares its figures with the live ones after each change: no cache in tests,
# except in the test of the cache itself (tests/reports/test_dashboard.py).
DASHBOARD_CACHE_SECONDS = 0
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Unit tests run tasks eagerly; the background-job tests start a real worker on Redis
# (tests/conftest.py: celery_worker fixture) and switch this off for their duration.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_EAGER", "1") == "1"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / str(os.getpid())
PRIVATE_STORAGE_ROOT = BASE_DIR / "var" / "test-private" / str(os.getpid())
AXES_ENABLED = True
# Email in memory (django.core.mail.outbox); a worker process started by a test may be pointed at
# files instead (EMAIL_BACKEND / EMAIL_FILE_PATH in its environment) so the test can count them.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "test-mail" / str(os.getpid())))
# The small demo for the `demo` fixtures; tests/core/test_demo.py turns the living demo on.
DEMO_LIVING = env_bool("DEMO_LIVING", False)
