"""REST API routes of reports (mounted under /api/v1/)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .bulletins import BulletinViewSet
from .dashboard import DashboardView
from .progress import ProgressReportDocxView, ProgressReportPdfView, ProgressReportView
from .todo import MyTodoView
from .views import ExportViewSet, StatisticsView, StatReportViewSet

router = DefaultRouter(trailing_slash=True)
router.register("stat-reports", StatReportViewSet, basename="stat-report")
router.register("exports", ExportViewSet, basename="export")
router.register("bulletins", BulletinViewSet, basename="bulletin")
urlpatterns = [path("statistics/", StatisticsView.as_view(), name="statistics"), *router.urls]
urlpatterns += [path("me/todo/", MyTodoView.as_view(), name="me-todo")]
urlpatterns += [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("progress-reports/", ProgressReportView.as_view(), name="progress-report"),
    path("progress-reports/docx/", ProgressReportDocxView.as_view(), name="progress-report-docx"),
    path("progress-reports/pdf/", ProgressReportPdfView.as_view(), name="progress-report-pdf"),
]
