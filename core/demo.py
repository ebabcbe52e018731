"""Demo data: the runner and the reference data every other loader builds on.

Idempotent: running it twice changes nothing. Each app has its own loader (`<app>/demo.py` or
`loaders.py`); settings.DEMO_LOADERS lists them (dotted paths of functions taking no arguments)
in the order of the layers, so that this module knows none of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .reference import load_reference

DEMO_PASSWORD = "anquan2026"


@transaction.atomic
def load_core_demo() -> None:
    """The demo region and industry trees."""
    load_reference()


def load_demo() -> None:
    for dotted in settings.DEMO_LOADERS:
        import_string(dotted)()
