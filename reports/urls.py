"""Browser pages of reports."""

from __future__ import annotations

from django.urls import path

from . import views, views_exports

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("glossary/", views.glossary, name="glossary"),
    path("downloads/", views_exports.downloads, name="downloads"),
    path("downloads/new/", views_exports.download_new, name="download_new"),
    path("downloads/<int:pk>/status/", views_exports.download_status, name="download_status"),
    path("downloads/<int:pk>/file/", views_exports.download_file, name="download_file"),
    path("stat-reports/", views.stat_report_list, name="stat_reports"),
    path("stat-reports/new/", views.stat_report_create, name="stat_report_create"),
    path("stat-reports/<int:pk>/", views.stat_report_detail, name="stat_report"),
    path("stat-reports/<int:pk>/xlsx/", views.stat_report_xlsx, name="stat_report_xlsx"),
    path("stat-reports/<int:pk>/do/<str:action>/", views.stat_report_action, name="stat_report_action"),
]
