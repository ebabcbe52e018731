"""Browser pages of inspections."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionListView.as_view(), name="list"),
    path("plan/", views.plan, name="plan"),
    path("self/request/", views.request_self, name="request_self"),
    path("draws/new/", views.draw_new, name="draw_new"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("conflicts/<int:pk>/withdraw/", views.conflict_withdraw, name="conflict_withdraw"),
    path("evidence/<int:pk>/", views.evidence_display, name="evidence"),
    path("evidence/<int:pk>/original/", views.evidence_original, name="evidence_original"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/fill/", views.fill, name="fill"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/look-back/", views.look_back, name="look_back"),
    path("<int:pk>/record.pdf", views.record_pdf, name="record_pdf"),
]
