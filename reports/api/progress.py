"""Progress report API (工作进展情况): the report's data as JSON, and the same report as Word
(.docx) or PDF. Officials only (403 otherwise); the campaign, the unit (region) and the period
are checked by `resolve_progress` — a DomainError naming the field answers 400."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..progress import progress_report_data, resolve_progress
from ..renderers.docx import render_progress_docx
from ..renderers.progress_pdf import render_progress_pdf
from ..selectors import require_official

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
PARAMETERS = [
    OpenApiParameter("campaign", OpenApiTypes.INT, required=True),
    OpenApiParameter("region", OpenApiTypes.STR, description="区划代码；默认本单位"),
    OpenApiParameter("period", OpenApiTypes.STR, description="YYYY-MM 或 total（累计，默认）"),
]


def _report(request) -> dict:
    user = request.user
    require_official(user)
    return progress_report_data(**resolve_progress(request.query_params, user), viewer=user)


def _file(content: bytes, content_type: str, data: dict, suffix: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{data['unit']}-{data['title']}-{data['period']}.{suffix}"
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    return response


class ProgressReportView(APIView):
    """The progress report of a campaign, unit and period: title, unit, dates, the opening paragraph
    prefilled from the statistics, the phase, the tasks and the sub-units' ranking."""

    @extend_schema(parameters=PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(_report(request))


class ProgressReportDocxView(APIView):
    """The progress report as a Word document (.docx) for the unit to complete and send."""

    @extend_schema(parameters=PARAMETERS, responses={(200, DOCX): OpenApiTypes.BINARY})
    def get(self, request):
        data = _report(request)
        return _file(render_progress_docx(data), DOCX, data, "docx", inline=False)


class ProgressReportPdfView(APIView):
    """The progress report as PDF (CJK fonts embedded)."""

    @extend_schema(parameters=PARAMETERS, responses={(200, PDF): OpenApiTypes.BINARY})
    def get(self, request):
        data = _report(request)
        return _file(render_progress_pdf(data), PDF, data, "pdf", inline=True)
