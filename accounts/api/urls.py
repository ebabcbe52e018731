"""REST API routes of accounts (mounted under /api/v1/)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from .notifications import NotificationViewSet
from .views import AgencyViewSet

router = DefaultRouter()
router.register("agencies", AgencyViewSet)
router.register("notifications", NotificationViewSet, basename="notification")
urlpatterns = router.urls
