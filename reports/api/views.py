"""Statistics API: the live figures of a form (each with its drill-down URL) and the units'
reports submitted level by level. Thin: selectors count, services decide."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ScopedQuerysetMixin, ServiceChecked, require_empty_body
from core.replica import replica_reads

from .. import services
from ..exports.jobs import export_request
from ..models import ExportJob, StatReport
from ..selectors import live_statistics, report_data, report_file, require_official, resolve, with_links
from . import serializers as s

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StatisticsView(APIView):
    """The live figures of a statistics form for a unit, campaign and period; every count carries
    the URL of the list of the rows it counts (`rows[].links`)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("form", OpenApiTypes.STR, enum=["seed004", "national"]),
            OpenApiParameter("campaign", OpenApiTypes.INT),
            OpenApiParameter("region", OpenApiTypes.STR, description="区划代码；默认本单位"),
            OpenApiParameter("period", OpenApiTypes.STR, description="YYYY-MM 或 total（累计）"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        require_official(request.user)
        with replica_reads():  # reads only: the standby may serve them (core/replica.py)
            _choice, data = live_statistics(request.query_params, request.user)
        return Response(data)


class StatReportViewSet(
    ServiceChecked,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Units' statistics reports: `POST` generates a draft; `submit`, `return` (reason), `accept`."""

    queryset = StatReport.objects.select_related("campaign", "region", "agency")
    serializer_class = s.StatReportSerializer

    def get_queryset(self):
        require_official(self.request.user)
        return super().get_queryset()

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        data = report_data(report)
        if not report.frozen:
            data = with_links(data)
        return Response(s.StatReportDetailSerializer(report, context={"figures": data}).data)

    @extend_schema(request=s.StatReportCreateSerializer, responses={201: s.StatReportSerializer})
    def create(self, request):
        require_official(request.user)
        data = s.StatReportCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        choice = resolve(data.validated_data, request.user)
        report, created = services.stat_report_generate(
            actor=request.user,
            campaign=choice["campaign"],
            region=choice["region"],
            period=choice["period"],
            form=choice["form"],
        )
        return Response(s.StatReportSerializer(report).data, status=status.HTTP_201_CREATED if created else 200)

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        content, filename = report_file(self.get_object(), filler=request.user.display_name)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @extend_schema(request=s.StatSubmitSerializer, responses={200: s.StatReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = s.StatSubmitSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        report = services.stat_report_submit(actor=request.user, report=self.get_object(), **data.validated_data)
        return Response(s.StatReportSerializer(report).data)

    @extend_schema(request=s.StatReturnSerializer, responses={200: s.StatReportSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = s.StatReturnSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        report = services.stat_report_return(actor=request.user, report=self.get_object(), **data.validated_data)
        return Response(s.StatReportSerializer(report).data)

    @extend_schema(request=None, responses={200: s.StatReportSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        require_empty_body(request)
        report = services.stat_report_accept(actor=request.user, report=self.get_object())
        return Response(s.StatReportSerializer(report).data)


class ExportViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your export jobs (下载中心): `POST {kind, filters, format}` queues one (202); poll it; `file/`."""

    queryset = ExportJob.objects.all()
    serializer_class = s.ExportJobSerializer

    def check_change_permission(self, obj) -> None:
        return None

    @extend_schema(request=s.ExportCreateSerializer, responses={202: s.ExportJobSerializer})
    def create(self, request):
        data = s.ExportCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        job = export_request(actor=request.user, kind=values["kind"], filters=values["filters"], fmt=values["format"])
        job.refresh_from_db()
        return Response(s.ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        job = self.get_object()
        if job.status != "done" or not job.file:
            raise NotFound("文件尚未生成或已过期。")
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
