"""Checklist API: versions with sections and items; create, revise (a new version), Excel import
and export. Thin: the services decide."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedCreateListRetrieveViewSet, ServiceChecked

from ..filters import ChecklistFilter
from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate
from ..services import checklist_create, checklist_revise
from ..xlsx import checklist_import, export_checklist
from . import serializers as s

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ChecklistViewSet(ServiceChecked, ScopedCreateListRetrieveViewSet):
    """Checklist templates with sections and items; each row is one version."""

    queryset = ChecklistTemplate.objects.prefetch_related(
        Prefetch(
            "sections",
            queryset=ChecklistSection.objects.order_by("order").prefetch_related(
                Prefetch("items", queryset=ChecklistItem.objects.order_by("order").prefetch_related("industries"))
            ),
        )
    )
    serializer_class = s.ChecklistSerializer
    filterset_class = ChecklistFilter

    @extend_schema(request=s.ChecklistInputSerializer, responses={201: s.ChecklistSerializer})
    def create(self, request, *args, **kwargs):
        data = s.ChecklistInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.to_data()
        template = checklist_create(actor=request.user, code=values.pop("code"), data=values)
        return Response(self.get_serializer(self.get_queryset().get(pk=template.pk)).data, status=201)

    @extend_schema(request=s.ChecklistRevisionInputSerializer, responses={201: s.ChecklistSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        template = self.get_object()
        data = s.ChecklistRevisionInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.to_data()
        new = checklist_revise(actor=request.user, template=template, data=values)
        return Response(self.get_serializer(self.get_queryset().get(pk=new.pk)).data, status=201)

    @extend_schema(
        request={"multipart/form-data": s.ChecklistImportInputSerializer}, responses={201: s.ChecklistSerializer}
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        data = s.ChecklistImportInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        template = checklist_import(
            actor=request.user,
            fileobj=values["file"],
            code=values["code"],
            name=values["name"],
            description=values["description"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=template.pk)).data, status=201)

    @extend_schema(responses={(200, XLSX): bytes})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        template = self.get_object()
        response = HttpResponse(export_checklist(template), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="checklist-{template.code}-v{template.version}.xlsx"'
        return response
