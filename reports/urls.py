"""Browser pages of reports."""

from __future__ import annotations

app_name = "reports"
urlpatterns: list = []
