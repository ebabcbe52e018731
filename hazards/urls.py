"""Browser pages of hazards."""

from __future__ import annotations

app_name = "hazards"
urlpatterns: list = []
