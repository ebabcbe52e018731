"""REST API routes of checklists (mounted under /api/v1/)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from .views import ChecklistViewSet

router = DefaultRouter(trailing_slash=True)
router.register("checklists", ChecklistViewSet, basename="checklist")
urlpatterns = router.urls
