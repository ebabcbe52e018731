"""Demo data: the runner and the reference data every other loader builds on.

Idempotent: running it twice changes nothing. Each app has its own loader (`<app>/demo.py` or
`loaders.py`); settings.DEMO_LOADERS lists them (dotted paths of functions taking no arguments)
in the order of the layers, so that this module knows none of them.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.utils import timezone
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


#: The fixed seed of every demo loader's random choices: the same demo on every machine.
DEMO_SEED = 2026


@contextlib.contextmanager
def demo_clock(moment: datetime.datetime):
    """Run services as if it were `moment` (a second later at each reading), so that the living
    demo's inspections, hazards and their whole-process records carry dates spread over the last
    months while going through the real services. Demo loading only; never in the product."""
    from django.apps import apps

    real_now = timezone.now
    ticks = itertools.count()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    moment = moment.astimezone(datetime.UTC)  # as timezone.now() answers (the audit hash needs it)

    def fake_now():
        return moment + datetime.timedelta(seconds=next(ticks))

    # Fields declared `default=timezone.now` hold the real function: point them at the clock too
    # (Field caches its default getter, hence the cache reset on the way in and out).
    fields = [f for m in apps.get_models() for f in m._meta.concrete_fields if f.default is real_now]

    def _set_default(value) -> None:
        for field in fields:
            field.default = value
            field.__dict__.pop("_get_default", None)

    _set_default(fake_now)
    try:
        with mock.patch.object(timezone, "now", fake_now):
            yield
    finally:
        _set_default(real_now)


def demo_moment(days_ago: int, hour: int = 9) -> datetime.datetime:
    """A time of day `days_ago` days before today, in the site's time zone."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 30))
