"""REST API routes of reports (mounted under /api/v1/)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import ExportViewSet, StatisticsView, StatReportViewSet

router = DefaultRouter(trailing_slash=True)
router.register("stat-reports", StatReportViewSet, basename="stat-report")
router.register("exports", ExportViewSet, basename="export")
urlpatterns = [path("statistics/", StatisticsView.as_view(), name="statistics"), *router.urls]
