"""Browser pages of checklists, mounted at /campaigns/checklists/ (the paths users know)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "checklists"
urlpatterns = [
    path("", views.checklist_list, name="list"),
    path("import/", views.checklist_import_view, name="import"),
    path("import/template.xlsx", views.checklist_template_file, name="import_template"),
    path("<int:pk>/", views.checklist_detail, name="detail"),
    path("<int:pk>/export.xlsx", views.checklist_export, name="export"),
]
