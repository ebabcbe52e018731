"""Reference-data JSON for the pages' pickers (the API has its own under /api/v1/)."""

from __future__ import annotations

from django.urls import path

from . import views_search

app_name = "core"
urlpatterns = [
    path("tree/<str:kind>/", views_search.tree, name="tree"),
]
