"""REST API routes of accounts (mounted under /api/v1/)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from .notifications import NotificationViewSet
from .users import MeView, UserViewSet
from .views import AgencyViewSet

router = DefaultRouter()
router.register("agencies", AgencyViewSet)
router.register("notifications", NotificationViewSet, basename="notification")
router.register("users", UserViewSet, basename="user")
urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]
