"""Hazard and public-report API: thin viewsets whose actions call services.

`ServiceActionsMixin` and `visible_or_404` are shared with the enforcement API.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ScopedQuerysetMixin
from core.audit import history_for
from core.errors import DomainError, NotPermitted
from enterprises.models import Enterprise
from inspections.models import Inspection

from .. import services
from ..choices import HazardSource
from ..filters import HazardFilter
from ..models import Hazard, PublicReport
from ..public import captcha_new, public_report_accept, rate_limit_hit
from . import serializers as s


def visible_or_404(model, user, pk):
    """A related object the user may see, or 404 (same answer for missing and out of scope)."""
    if pk in (None, ""):
        return None
    obj = model.objects.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class ServiceActionsMixin(ScopedQuerysetMixin):
    """Commands are judged by the services (who may act depends on the object), not by `restrict`."""

    def check_change_permission(self, obj) -> None:
        return None

    def _input(self, serializer_class):
        ser = serializer_class(data=self.request.data, context={"request": self.request})
        ser.is_valid(raise_exception=True)
        return dict(ser.validated_data)


def _with_photos(request) -> dict:
    """A multipart body as a dict, its `photos` as the list of every uploaded file of that name."""
    payload = {k: v for k, v in request.data.items() if k != "photos"}
    payload["photos"] = request.FILES.getlist("photos")
    return payload


class HazardViewSet(ServiceActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Hazard.objects.select_related("enterprise")
    serializer_class = s.HazardSerializer
    filterset_class = HazardFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=s.HazardCreateSerializer, responses={201: s.HazardSerializer})
    def create(self, request):
        data = self._input(s.HazardCreateSerializer)
        user = request.user
        if user.is_enterprise_user:
            hazard = services.hazard_self_report(
                actor=user,
                description=data["description"],
                level=data["level"],
                location=data["location"],
                category=data["category"],
            )
        else:
            inspection = visible_or_404(Inspection, user, data.get("inspection"))
            enterprise = visible_or_404(Enterprise, user, data.get("enterprise")) or (
                inspection and inspection.enterprise
            )
            if enterprise is None:
                raise DomainError("请指定企业。", field="enterprise")
            if inspection is not None and inspection.enterprise_id != enterprise.pk:
                raise DomainError("企业与检查的被检查企业不一致。", field="enterprise")
            if not services.actor_roles(Hazard(enterprise=enterprise), user):
                raise NotPermitted("您无权登记隐患。")
            hazard = services.hazard_report(
                actor=user,
                enterprise=enterprise,
                inspection=inspection,
                level=data["level"],
                description=data["description"],
                location=data["location"],
                category=data["category"],
                source=HazardSource.FINDING,
            )
        return Response(s.HazardSerializer(hazard).data, status=status.HTTP_201_CREATED)

    def _done(self, hazard):
        return Response(s.HazardSerializer(Hazard.objects.select_related("enterprise").get(pk=hazard.pk)).data)

    @extend_schema(request=s.AssignSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(s.AssignSerializer)
        version = data.pop("version", None)
        return self._done(services.hazard_assign(hazard=hazard, actor=request.user, expected_version=version, **data))

    @extend_schema(request=s.MajorPlanSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"], url_path="major-plan")
    def major_plan(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(s.MajorPlanSerializer)
        version = data.pop("version", None)
        return self._done(
            services.hazard_record_major_plan(hazard=hazard, actor=request.user, expected_version=version, **data)
        )

    @extend_schema(request={"multipart/form-data": s.SubmitSerializer}, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"], url_path="submit-rectification")
    def submit_rectification(self, request, pk=None):
        hazard = self.get_object()
        payload = _with_photos(request)
        ser = s.SubmitSerializer(data=payload, context={"request": request})
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        return self._done(
            services.hazard_submit_rectification(
                hazard=hazard,
                actor=request.user,
                description=data["description"],
                photos=data["photos"],
                funds_spent=data.get("funds_spent"),
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request={"multipart/form-data": s.ImmediateSerializer}, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"], url_path="rectify-immediately")
    def rectify_immediately(self, request, pk=None):
        """立即整改 (the page's action of the same name): description and after-photos."""
        hazard = self.get_object()
        payload = _with_photos(request)
        ser = s.ImmediateSerializer(data=payload, context={"request": request})
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        version = data.pop("version", None)
        return self._done(
            services.hazard_rectify_immediately(hazard=hazard, actor=request.user, expected_version=version, **data)
        )

    @extend_schema(request=s.AcceptSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(s.AcceptSerializer)
        return self._done(
            services.hazard_accept(
                hazard=hazard, actor=request.user, note=data["note"], expected_version=data.get("version")
            )
        )

    @extend_schema(request=s.RejectSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(s.RejectSerializer)
        return self._done(
            services.hazard_reject(
                hazard=hazard,
                actor=request.user,
                reason=data["reason"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=s.ListForSupervisionSerializer, responses=s.HazardSerializer)
    @action(detail=True, methods=["post"], url_path="list-for-supervision")
    def list_for_supervision(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(s.ListForSupervisionSerializer)
        version = data.pop("version", None)
        return self._done(
            services.hazard_list_for_supervision(hazard=hazard, actor=request.user, expected_version=version, **data)
        )

    @extend_schema(responses=s.AuditEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        return Response(s.AuditEntrySerializer(history_for(self.get_object()), many=True).data)


@extend_schema_view(retrieve=extend_schema(operation_id="v1_public_reports_inbox_retrieve"))
class PublicReportViewSet(
    ServiceActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The receiving agency's inbox of public reports (举报受理, the page /hazards/reports/):
    `verify/` makes a report a hazard of an enterprise in scope, `dismiss/` closes it with a reason."""

    queryset = PublicReport.objects.select_related("region", "industry")
    serializer_class = s.PublicReportSerializer

    @extend_schema(request=s.PublicReportVerifySerializer, responses={201: s.HazardSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        report = self.get_object()
        data = self._input(s.PublicReportVerifySerializer)
        enterprise = visible_or_404(Enterprise, request.user, data["enterprise"])
        hazard = services.public_report_verify(
            report=report, actor=request.user, enterprise=enterprise, level=data["level"]
        )
        return Response(s.HazardSerializer(hazard).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PublicReportDismissSerializer, responses={200: s.PublicReportSerializer})
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        report = self.get_object()
        data = self._input(s.PublicReportDismissSerializer)
        report = services.public_report_dismiss(report=report, actor=request.user, reason=data["reason"])
        return Response(s.PublicReportSerializer(self.get_queryset().get(pk=report.pk)).data)


def public_report_status(report: PublicReport) -> dict:
    """What the public may see of a report: no enterprise data beyond what they wrote."""
    return {
        "tracking_number": report.tracking_number,
        "status": report.status,
        "status_display": report.get_status_display(),
        "submitted_at": report.created_at,
        "agency": report.agency.name if report.agency else "",
        "handled_at": report.handled_at,
        "reply": report.reply,
    }


class PublicReportCreateView(APIView):
    """POST a public report (no login): captcha token and answer, rate limited per address."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": s.PublicReportCreateSerializer}, responses={201: s.PublicReportStatusSerializer}
    )
    def post(self, request):
        rate_limit_hit(request)
        ser = s.PublicReportCreateSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        report = public_report_accept(ser.validated_data)
        return Response(public_report_status(report), status=status.HTTP_201_CREATED)


class PublicCaptchaView(APIView):
    """GET a fresh arithmetic question and its signed token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=s.CaptchaSerializer)
    def get(self, request):
        return Response(captcha_new())


class PublicReportStatusView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=s.PublicReportStatusSerializer)
    def get(self, request, tracking_number: str):
        report = PublicReport.objects.select_related("agency").filter(tracking_number=tracking_number).first()
        if report is None:
            raise Http404
        return Response(public_report_status(report))
