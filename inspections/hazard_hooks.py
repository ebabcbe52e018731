"""How a submitted inspection's failures become hazards, without this app importing `hazards`.

The hazard lifecycle sits above inspections (README, "Layers"). When an inspection is submitted,
every non-compliant answer and every finding must become a hazard record (已上报) in the same
transaction. The hazards app registers the function that does it (`register_hazard_reporter`, from
its `AppConfig.ready()`); `inspection_submit` calls it through `report_hazard` below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from django.core.exceptions import ImproperlyConfigured

#: Where a hazard found by an inspection comes from: a failing checklist answer or a finding.
Origin = Literal["answer", "finding"]
HazardReporter = Callable[..., Any]

_reporter: list[HazardReporter] = []


def register_hazard_reporter(reporter: HazardReporter) -> None:
    """Declare the function creating a hazard from an inspection. It takes keyword arguments
    `actor, origin, inspection, level, description, item=None, location="", photos=()` and returns
    the hazard; `photos` are the inspection's evidence rows of the item, which become the hazard's
    整改前 photos."""
    _reporter[:] = [reporter]


def report_hazard(
    *,
    actor,
    origin: Origin,
    inspection,
    level: str,
    description: str,
    item=None,
    location: str = "",
    photos: Sequence[Any] = (),
):
    if not _reporter:
        raise ImproperlyConfigured("No hazard reporter is registered (is the hazards app installed?).")
    return _reporter[0](
        actor=actor,
        origin=origin,
        inspection=inspection,
        level=level,
        description=description,
        item=item,
        location=location,
        photos=photos,
    )
