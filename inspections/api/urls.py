"""REST API routes of inspections (mounted under /api/v1/)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import CampaignDrawView, DrawViewSet, ExpertConflictViewSet, InspectionViewSet

router = DefaultRouter(trailing_slash=True)
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("draws", DrawViewSet, basename="draw")
router.register("expert-conflicts", ExpertConflictViewSet, basename="expert-conflict")
urlpatterns = [
    path("campaigns/<int:campaign_id>/draws/", CampaignDrawView.as_view(), name="campaign-draws"),
    # The contract names the PDF without a trailing slash.
    path(
        "inspections/<int:pk>/record.pdf",
        InspectionViewSet.as_view({"get": "record_pdf"}),
        name="inspection-record-pdf",
    ),
    *router.urls,
]
