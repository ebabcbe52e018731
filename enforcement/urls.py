"""Browser pages of enforcement, the blacklist and publicity.

`urlpatterns` (namespace "enforcement") are mounted under /hazards/ next to the hazard pages, so the
paths stay /hazards/enforcement/, /hazards/blacklist/, /hazards/publish/ and /hazards/publications/.
`public_urlpatterns` (no login) join hazards' public pages in the "public" namespace under /public/
(config/urls.py composes them).
"""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "enforcement"
urlpatterns = [
    path("enforcement/", views.enforcement_list, name="list"),
    path("enforcement/new/", views.enforcement_new, name="new"),
    path("enforcement/<int:pk>/", views.enforcement_detail, name="detail"),
    path("blacklist/", views.blacklist, name="blacklist"),
    path("publish/", views.publish, name="publish"),
    path("publications/", views.publications, name="publications"),
]

public_urlpatterns = [
    path("disclosure/", views.disclosure, name="disclosure"),
]
