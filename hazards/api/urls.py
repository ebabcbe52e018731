"""REST API routes of hazards and public reports (mounted under /api/v1/).

The enforcement and blacklist routes (/api/v1/enforcement-actions/, /api/v1/blacklist/) are the
enforcement app's (enforcement/api/urls.py), mounted on the same prefix.
"""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("hazards", views.HazardViewSet, basename="hazard")
router.register("public-reports", views.PublicReportViewSet, basename="public-report")

urlpatterns = [
    path("public/captcha/", views.PublicCaptchaView.as_view(), name="public-captcha"),
    path("public/reports/", views.PublicReportCreateView.as_view(), name="public-report-create"),
    path("public/reports/<str:tracking_number>/", views.PublicReportStatusView.as_view(), name="public-report-status"),
    *router.urls,
]
