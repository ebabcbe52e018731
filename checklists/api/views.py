"""Checklist API: versions with sections and items; create, revise (a new version), Excel import
and export. Thin: the services decide."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
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

    def create(self, request, *args, **kwargs):
        data = s.ChecklistInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.to_data()
        template = checklist_create(actor=request.user, code=values.pop("code"), data=values)
        return Response(self.get_serializer(self.get_queryset().get(pk=template.pk)).data, status=201)

    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        template = self.get_object()
        data = s.ChecklistInputSerializer(data={"code": template.code, **request.data})
        data.is_valid(raise_exception=True)
        values = data.to_data()
        values.pop("code")
        new = checklist_revise(actor=request.user, template=template, data=values)
        return Response(self.get_serializer(self.get_queryset().get(pk=new.pk)).data, status=201)

    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return Response(
                {"errors": [{"row": 0, "column": "file", "message": "请选择要上传的文件（字段 file）。"}]}, status=400
            )
        template = checklist_import(
            actor=request.user,
            fileobj=upload,
            code=request.data.get("code", ""),
            name=request.data.get("name", ""),
            description=request.data.get("description", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=template.pk)).data, status=201)

    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        template = self.get_object()
        response = HttpResponse(export_checklist(template), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="checklist-{template.code}-v{template.version}.xlsx"'
        return response
