"""Public routes (no login), mounted at /public/."""

from __future__ import annotations

from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("report/", public_views.report, name="report"),
    path("report/track/", public_views.track_lookup, name="track_lookup"),
    path("report/<str:tracking_number>/", public_views.track, name="track"),
    path("disclosure/", public_views.disclosure, name="disclosure"),
]
