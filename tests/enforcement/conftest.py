"""Fixtures of the enforcement tests: the hazard fixtures (hazards in any state, 五到位, a clean cache) are shared."""

from __future__ import annotations

from tests.hazards.conftest import major_plan, make_hazard  # noqa: F401
