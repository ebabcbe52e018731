"""Browser pages of reports."""

from __future__ import annotations

from django.urls import path

from . import views, views_bulletins, views_exports
from .views_progress import progress, progress_docx, progress_pdf

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("glossary/", views.glossary, name="glossary"),
    path("bulletins/", views_bulletins.bulletin_list, name="bulletins"),
    path("bulletins/new/", views_bulletins.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:pk>/", views_bulletins.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/pdf/", views_bulletins.bulletin_pdf, name="bulletin_pdf"),
    path("bulletins/<int:pk>/issue/", views_bulletins.bulletin_issue_view, name="bulletin_issue"),
    path("downloads/", views_exports.downloads, name="downloads"),
    path("downloads/new/", views_exports.download_new, name="download_new"),
    path("downloads/<int:pk>/status/", views_exports.download_status, name="download_status"),
    path("downloads/<int:pk>/file/", views_exports.download_file, name="download_file"),
    path("stat-reports/", views.stat_report_list, name="stat_reports"),
    path("stat-reports/new/", views.stat_report_create, name="stat_report_create"),
    path("stat-reports/<int:pk>/", views.stat_report_detail, name="stat_report"),
    path("stat-reports/<int:pk>/xlsx/", views.stat_report_xlsx, name="stat_report_xlsx"),
    path("stat-reports/<int:pk>/do/<str:action>/", views.stat_report_action, name="stat_report_action"),
    path("progress/", progress, name="progress"),
    path("progress/report.docx", progress_docx, name="progress_docx"),
    path("progress/report.pdf", progress_pdf, name="progress_pdf"),
]
