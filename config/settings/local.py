"""Developer and demo settings: DEBUG on, SQLite unless DATABASE_URL is set."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
