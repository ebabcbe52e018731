"""REST API routes of hazards (mounted under /api/v1/)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("hazards", views.HazardViewSet, basename="hazard")
router.register("enforcement-actions", views.EnforcementActionViewSet, basename="enforcement-action")
router.register("blacklist", views.BlacklistViewSet, basename="blacklist")

urlpatterns = [
    path("public/captcha/", views.PublicCaptchaView.as_view(), name="public-captcha"),
    path("public/reports/", views.PublicReportCreateView.as_view(), name="public-report-create"),
    path("public/reports/<str:tracking_number>/", views.PublicReportStatusView.as_view(), name="public-report-status"),
    *router.urls,
]
