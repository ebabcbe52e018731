"""Bulletin API (通报): list and draft (`POST {kind, campaign, region, period, doc_number}`), the PDF,
and `issue/` (frozen with its hash, shown to the sub-units)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedQuerysetMixin
from core.serializers import StrictModelSerializer, StrictSerializer

from ..bulletins import bulletin_create, bulletin_issue, bulletin_pdf_bytes
from ..models import Bulletin, BulletinKind
from ..selectors import require_official, resolve


class BulletinSerializer(StrictModelSerializer):
    unit = serializers.CharField(source="agency.name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id", "kind", "title", "campaign", "region", "unit", "period", "doc_number", "status",
            "status_display", "snapshot_sha256", "issued_at",
        ]  # fmt: skip


class BulletinCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=BulletinKind.choices, default=BulletinKind.RANKING)
    campaign = serializers.IntegerField(required=False, allow_null=True)
    region = serializers.CharField(max_length=32)
    period = serializers.CharField(max_length=10, default="total")
    doc_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class BulletinIssueSerializer(StrictSerializer):
    doc_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class BulletinViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Bulletin.objects.select_related("agency", "region")
    serializer_class = BulletinSerializer

    def check_change_permission(self, obj) -> None:
        return None  # the services decide (NotPermitted → 403)

    def get_queryset(self):
        require_official(self.request.user)
        return super().get_queryset()

    @extend_schema(request=BulletinCreateSerializer, responses={201: BulletinSerializer})
    def create(self, request):
        self.get_queryset()
        data = BulletinCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        choice = resolve({**values, "campaign": values.get("campaign") or ""}, request.user)
        bulletin = bulletin_create(
            actor=request.user,
            region=choice["region"],
            period=choice["period"],
            campaign=choice["campaign"],
            kind=values["kind"],
            doc_number=values["doc_number"],
        )
        return Response(BulletinSerializer(bulletin).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return HttpResponse(bulletin_pdf_bytes(self.get_object()), content_type="application/pdf")

    @extend_schema(request=BulletinIssueSerializer, responses={200: BulletinSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        data = BulletinIssueSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        bulletin = bulletin_issue(actor=request.user, bulletin=self.get_object(), **data.validated_data)
        return Response(BulletinSerializer(bulletin).data)
