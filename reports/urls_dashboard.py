"""The dashboard page, mounted at /dashboard/ (config/urls.py)."""

from __future__ import annotations

from django.urls import path

from .views_dashboard import dashboard

app_name = "dashboard"
urlpatterns = [path("", dashboard, name="index")]
