"""Enterprise API: scoped CRUD, import and the import template."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.api import ScopedModelViewSet
from enterprises.filters import EnterpriseFilter
from enterprises.imports import build_template
from enterprises.models import Enterprise
from enterprises.serializers import EnterpriseImportInputSerializer, EnterpriseSerializer
from enterprises.services import enterprise_import_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EnterpriseViewSet(ScopedModelViewSet):
    queryset = Enterprise.objects.select_related("region", "responsible_agency").prefetch_related(
        "industries", "certified_people", "major_hazard_sources"
    )
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    keyset_ordering = ("name", "id")  # as the page: (name, id) is indexed

    @extend_schema(
        request={"multipart/form-data": EnterpriseImportInputSerializer},
        responses={
            200: inline_serializer(
                "ImportResult", {"created": serializers.IntegerField(), "updated": serializers.IntegerField()}
            )
        },
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request):
        data = EnterpriseImportInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        # A bad file raises DomainError/RowErrors: core.api.exception_handler answers 400 with "errors".
        outcome, value = enterprise_import_upload(actor=request.user, upload=upload)
        if outcome == "queued":
            return Response(
                {"job": value.pk, "status": value.status, "total_rows": value.total_rows},
                status=status.HTTP_202_ACCEPTED,
            )
        return Response({"created": value.created, "updated": value.updated, "rows": value.rows})

    @extend_schema(responses={(200, XLSX): bytes})
    @action(detail=False, methods=["get"], url_path="import-template")
    def import_template(self, request):
        if not (request.user.is_superuser or getattr(request.user, "is_official", False)):
            raise PermissionDenied(_("只有监管部门人员可以下载企业导入模板。"))
        response = HttpResponse(build_template(actor=request.user), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="enterprise-import-template.xlsx"'
        return response
