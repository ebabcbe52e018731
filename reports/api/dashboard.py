"""数据驾驶舱 API: the dashboard's figures as JSON, each with the URL of the list of its rows.
The contract: `GET /api/v1/dashboard/?region=<code>&campaign=<id>&period=YYYY-MM&industry=<code>`."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.replica import replica_reads

from ..dashboard import cached_dashboard_data, resolve

FIGURE_SHAPE = '{"key", "label", "unit", "value", "url"}'


class DashboardView(APIView):
    """The dashboard of a unit: headline figures (`kpis`, `figures`), hazards by level and by status,
    major hazards and 挂牌督办, inspection coverage, the monthly trend (found / closed over 12 report
    months), hazards by industry, and the table of sub-regions (at county level: enterprises). Every
    figure is counted by the statistics module (as the 统计报表) and carries `url`, its drill-down list."""

    @extend_schema(
        operation_id="dashboard_retrieve",
        summary="数据驾驶舱",
        parameters=[
            OpenApiParameter("region", OpenApiTypes.STR, description="区划代码（本辖区内）；默认本单位。辖区外 → 404"),
            OpenApiParameter("campaign", OpenApiTypes.INT, description="专项行动编号；不填为全部隐患和检查"),
            OpenApiParameter("period", OpenApiTypes.STR, description="统计期：YYYY-MM（报送月）或 total（累计，默认）"),
            OpenApiParameter("industry", OpenApiTypes.STR, description="行业代码，如 metallurgy"),
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "{region, campaign, industry, period, period_label, start, end, breadcrumbs, "
                    f"kpis: [{FIGURE_SHAPE}], figures: {{key: figure}}, by_level, by_status, major, coverage, "
                    "trend: [{period, start, end, hazards_found: {value, url}, hazards_closed: {value, url}}], "
                    "by_industry: [{code, label, values: {key: {value, url}}}], "
                    "table: {kind: region|enterprise, columns, rows: [{key, label, kind, href, values}]}}"
                ),
            ),
            400: OpenApiResponse(description="参数错误（detail 为中文说明，field 为参数名）"),
            403: OpenApiResponse(description="非监管人员"),
            404: OpenApiResponse(description="区划或专项行动不存在或不在辖区内"),
        },
    )
    def get(self, request):
        choice = resolve(request.query_params, request.user)
        with replica_reads():  # reads only: the standby may serve them (core/replica.py)
            return Response(cached_dashboard_data(choice, request.user))
