"""REST API routes of enterprises (mounted under /api/v1/)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from .views import EnterpriseViewSet

router = DefaultRouter()
router.register("enterprises", EnterpriseViewSet)
urlpatterns = router.urls
