"""How the apps above react to a hazard's lifecycle, without this app importing them.

The enforcement app sits above hazards (README, "Layers") but keeps a public snapshot of a
published hazard (曝光) that must follow the hazard's status. Such apps register a callback here
from their `AppConfig.ready()`; the lifecycle service calls it inside its own transaction, so the
reaction commits or rolls back with the change. (The pattern of inspections/hazard_hooks.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: A callback taking keyword arguments `hazard` (the hazard just changed, locked) and `actor`.
HazardCallback = Callable[..., Any]

_on_closed: list[HazardCallback] = []


def register_on_hazard_closed(callback: HazardCallback) -> None:
    """Declare a function to call, as `callback(hazard=..., actor=...)`, when a hazard is closed (销号)."""
    if callback not in _on_closed:
        _on_closed.append(callback)


def hazard_closed(*, hazard, actor) -> None:
    """Run the registered callbacks; called by hazard_accept inside its transaction."""
    for callback in _on_closed:
        callback(hazard=hazard, actor=actor)
