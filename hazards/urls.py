"""Browser pages of hazards: the list, a hazard with its actions, self-report, notices, the reports inbox.

The enforcement pages under /hazards/ (enforcement/, blacklist/, publish/, publications/) belong to
the enforcement app (enforcement/urls.py), mounted on the same prefix.
"""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "hazards"
urlpatterns = [
    path("", views.hazard_list, name="list"),
    path("self-report/", views.hazard_self_report, name="self_report"),
    path("<int:pk>/", views.hazard_detail, name="detail"),
    path("<int:pk>/do/<str:action>/", views.hazard_action, name="action"),
    path("evidence/<int:pk>/", views.hazard_evidence, name="evidence"),
    path("reports/", views.reports_inbox, name="reports"),
    path("notices/", views.notices, name="notices"),
]
