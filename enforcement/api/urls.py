"""REST API routes of enforcement actions and the blacklist (mounted under /api/v1/)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("enforcement-actions", views.EnforcementActionViewSet, basename="enforcement-action")
router.register("blacklist", views.BlacklistViewSet, basename="blacklist")
router.register("publications", views.PublicationViewSet, basename="publication")

urlpatterns = router.urls
