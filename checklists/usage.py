"""Who uses a checklist version: a registry the apps above fill (inspections answers templates).

A lower app must not import a higher one (README, "Layers"), yet a template must know whether
an inspection used it before it may be edited. Each app that uses templates registers a check,
`template_id -> bool`, from its `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable

_CHECKS: list[Callable[[int], bool]] = []


def register_usage_check(check: Callable[[int], bool]) -> None:
    """Declare a check answering whether the template with this id is used by the caller's records."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def template_in_use(template_id: int) -> bool:
    return any(check(template_id) for check in _CHECKS)
