"""Reference data API: regions and industries (not enterprise data; any logged-in user)."""

from __future__ import annotations

import django_filters
from rest_framework import viewsets
from rest_framework.routers import DefaultRouter

from .models import Industry, Region
from .serializers import IndustrySerializer, RegionSerializer


class RegionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")

    class Meta:
        model = Region
        fields = ["level", "parent"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Industry.objects.select_related("parent")
    serializer_class = IndustrySerializer
    lookup_field = "code"


router = DefaultRouter()
router.register("regions", RegionViewSet)
router.register("industries", IndustryViewSet)
urlpatterns = router.urls
