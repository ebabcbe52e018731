"""REST API routes of campaigns (mounted under /api/v1/)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from .views import CampaignViewSet, ExpertViewSet, GroupViewSet, SubmissionViewSet, TaskViewSet

router = DefaultRouter(trailing_slash=True)
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("campaign-tasks", TaskViewSet, basename="campaign-task")
router.register("groups", GroupViewSet, basename="group")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("experts", ExpertViewSet, basename="expert")
urlpatterns = router.urls
