"""Public routes (no login) of hazards: report a hazard and follow it.

Mounted at /public/ in the "public" namespace, which config/urls.py composes from these and the
enforcement app's public pages (the disclosure page).
"""

from __future__ import annotations

from django.urls import path

from . import public_views

urlpatterns = [
    path("report/", public_views.report, name="report"),
    path("report/track/", public_views.track_lookup, name="track_lookup"),
    path("report/<str:tracking_number>/", public_views.track, name="track"),
]
