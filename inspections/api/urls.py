"""REST API routes of inspections (mounted under /api/v1/)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=True)
urlpatterns = router.urls
