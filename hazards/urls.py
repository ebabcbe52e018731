"""Browser pages of hazards, enforcement and the blacklist."""

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
    path("enforcement/", views.enforcement_list, name="enforcement_list"),
    path("enforcement/new/", views.enforcement_new, name="enforcement_new"),
    path("enforcement/<int:pk>/", views.enforcement_detail, name="enforcement_detail"),
    path("blacklist/", views.blacklist, name="blacklist"),
    path("reports/", views.reports_inbox, name="reports"),
    path("publish/", views.publish, name="publish"),
    path("publications/", views.publications, name="publications"),
    path("notices/", views.notices, name="notices"),
]
