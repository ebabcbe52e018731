"""The comparison of bench_lists: the same lists as DRF's plain `ModelViewSet` serves them, with
`PageNumberPagination` (OFFSET pages and a COUNT of the whole set), on the same scoped querysets
(`visible_to(user)`, the same jurisdiction) and the same order. Mounted under /bench-plain/ by
bench_urls.py, for the benchmark process only."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import SimpleRouter

from enterprises.models import Enterprise
from hazards.models import Hazard
from inspections.models import Inspection


class Pages(PageNumberPagination):
    page_size = 50


def _viewset(model, ordering):
    class Serializer(serializers.ModelSerializer):
        class Meta:
            fields = "__all__"

    Serializer.Meta.model = model

    class ViewSet(viewsets.ReadOnlyModelViewSet):
        serializer_class = Serializer
        pagination_class = Pages

        def get_queryset(self):
            return model.objects.visible_to(self.request.user).order_by(*ordering)

    return ViewSet


router = SimpleRouter()
router.register("hazards", _viewset(Hazard, ("-found_at", "-id")), basename="plain-hazards")
router.register("enterprises", _viewset(Enterprise, ("name", "id")), basename="plain-enterprises")
router.register("inspections", _viewset(Inspection, ("-created_at", "-id")), basename="plain-inspections")
