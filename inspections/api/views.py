"""Inspection API: scoped CRUD, commands as actions calling services, draws."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.models import Campaign
from core.api import ScopedQuerysetMixin, require_empty_body

from .. import services
from ..draws import draw_perform, draw_spot_check, draw_verify
from ..filters import InspectionFilter
from ..models import Draw, ExpertConflict, LookBackCheck
from ..renderers.pdf import render_inspection_record
from ..selectors import inspection_detail_qs, inspection_list
from . import serializers as s


class InspectionViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Inspections visible to the user (404 otherwise); writes go through inspections.services."""

    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return inspection_list(user=self.request.user)
        return inspection_detail_qs(self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.InspectionDetailSerializer
        return s.InspectionSerializer

    def _detail(self, inspection, code=200):
        obj = inspection_detail_qs(self.request.user).get(pk=inspection.pk)
        obj.warnings = getattr(inspection, "warnings", [])
        return Response(s.InspectionDetailSerializer(obj, context={"request": self.request}).data, status=code)

    @extend_schema(request=s.PlanInputSerializer, responses={201: s.InspectionSerializer})
    def create(self, request, *args, **kwargs):
        data = s.PlanInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        inspection = services.inspection_plan(actor=request.user, **data.validated_data)
        return self._detail(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=s.UpdateInputSerializer, responses={200: s.InspectionDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        inspection = self.get_object()
        data = s.UpdateInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        inspection = services.inspection_update(actor=request.user, inspection=inspection, **data.validated_data)
        return self._detail(inspection)

    @extend_schema(request=s.AnswersInputSerializer, responses={200: s.InspectionDetailSerializer})
    @action(detail=True, methods=["put"], parser_classes=[JSONParser])
    def answers(self, request, pk=None):
        inspection = self.get_object()
        payload = request.data if isinstance(request.data, dict) else {"answers": request.data}
        data = s.AnswersInputSerializer(data=payload, context={"request": request})
        data.is_valid(raise_exception=True)
        inspection = services.inspection_save_answers(
            actor=request.user, inspection=inspection, answers=data.validated_data["answers"]
        )
        return self._detail(inspection)

    @extend_schema(request=None, responses={200: s.InspectionDetailSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        require_empty_body(request)
        inspection = services.inspection_start(actor=request.user, inspection=self.get_object())
        return self._detail(inspection)

    @extend_schema(request=s.SubmitInputSerializer, responses={200: s.InspectionDetailSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        inspection = self.get_object()
        data = s.SubmitInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        inspection = services.inspection_submit(actor=request.user, inspection=inspection, **data.validated_data)
        return self._detail(inspection)

    @extend_schema(request=s.ReviewInputSerializer, responses={200: s.InspectionDetailSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        inspection = self.get_object()
        data = s.ReviewInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        inspection = services.inspection_review(actor=request.user, inspection=inspection, **data.validated_data)
        return self._detail(inspection)

    @extend_schema(request={"multipart/form-data": s.EvidenceInputSerializer}, responses={201: s.EvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        inspection = self.get_object()
        data = s.EvidenceInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        evidence = services.inspection_add_evidence(
            actor=request.user,
            inspection=inspection,
            upload=data.validated_data["file"],
            item=data.validated_data.get("item"),
            note=data.validated_data["note"],
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.FindingInputSerializer, responses={201: s.FindingSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        inspection = self.get_object()
        data = s.FindingInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        finding = services.finding_add(actor=request.user, inspection=inspection, **data.validated_data)
        return Response(s.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PersonMetInputSerializer, responses={201: s.PersonMetSerializer})
    @action(detail=True, methods=["post"], url_path="people")
    def people(self, request, pk=None):
        inspection = self.get_object()
        data = s.PersonMetInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        person = services.person_met_add(actor=request.user, inspection=inspection, **data.validated_data)
        return Response(s.PersonMetSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RequestSelfInputSerializer, responses={201: s.RequestSelfResultSerializer})
    @action(detail=False, methods=["post"], url_path="request-self")
    def request_self(self, request):
        """布置企业自查 (the page's /inspections/self/request/): same service, same rules."""
        data = s.RequestSelfInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=v["campaign"])
        created = services.inspection_request_self(
            actor=request.user,
            campaign=campaign,
            template=v["template"],
            deadline=v["deadline"],
            enterprises=v["enterprises"],
        )
        rows = inspection_list(user=request.user).filter(pk__in=[i.pk for i in created])
        body = {"created": len(created), "inspections": s.InspectionSerializer(rows, many=True).data}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.LookBackInputSerializer, responses={201: s.InspectionDetailSerializer})
    @action(detail=True, methods=["post"], url_path="look-back")
    def look_back(self, request, pk=None):
        """回头看 of this inspection (the page's look_back): a new inspection linked to it (`previous`)
        with one check per hazard it found."""
        previous = get_object_or_404(inspection_detail_qs(request.user), pk=pk)  # visible, as on the page
        data = s.LookBackInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        inspection = services.inspection_create_look_back(
            actor=request.user,
            previous=previous,
            inspectors=v["inspectors"] or [request.user],
            method=v["method"],
            planned_start=v["planned_start"],
            planned_end=v["planned_end"],
        )
        return self._detail(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=s.LookBackConfirmInputSerializer, responses={200: s.LookBackCheckSerializer})
    @action(detail=True, methods=["post"], url_path="look-back-checks")
    def look_back_checks(self, request, pk=None):
        inspection = self.get_object()
        data = s.LookBackConfirmInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        check = get_object_or_404(LookBackCheck, pk=data.validated_data["check"], inspection=inspection)
        check = services.look_back_confirm(
            actor=request.user,
            check=check,
            rectified=data.validated_data["rectified"],
            note=data.validated_data["note"],
        )
        return Response(s.LookBackCheckSerializer(check).data)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"], url_path="record.pdf")
    def record_pdf(self, request, pk=None):
        inspection = self.get_object()
        response = HttpResponse(render_inspection_record(inspection), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="inspection-{inspection.pk}.pdf"'
        return response


class CampaignDrawView(APIView):
    """POST a 双随机 draw (or, with spot_check_percent, a city spot-check) for a campaign."""

    @extend_schema(request=s.DrawInputSerializer, responses={201: s.DrawSerializer})
    def post(self, request, campaign_id: int):
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=campaign_id)
        data = s.DrawInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v.get("spot_check_percent"):
            draw = draw_spot_check(
                actor=request.user,
                campaign=campaign,
                percent=v["spot_check_percent"],
                planned_start=v["planned_start"],
                planned_end=v["planned_end"],
            )
        else:
            draw = draw_perform(
                actor=request.user,
                campaign=campaign,
                count=v.get("count"),
                share=v.get("share"),
                risk_grades=v["risk_grades"] or None,
                supervision_classes=v["supervision_classes"] or None,
                weighted=v["weighted"],
                inspectors_per_inspection=v["inspectors_per_inspection"],
                planned_start=v["planned_start"],
                planned_end=v["planned_end"],
            )
        return Response(s.DrawSerializer(draw).data, status=status.HTTP_201_CREATED)


class DrawViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Draw.objects.select_related("campaign").prefetch_related("inspections")
    serializer_class = s.DrawSerializer

    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        return Response(draw_verify(self.get_object()))


class ExpertConflictViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Conflicts of interest (回避): officials see those with enterprises in their jurisdiction,
    experts their own, enterprise users none. POST declares one; `withdraw` ends it."""

    queryset = ExpertConflict.objects.select_related("expert", "enterprise").order_by("-declared_at", "-id")
    serializer_class = s.ExpertConflictSerializer

    @extend_schema(request=s.ExpertConflictInputSerializer, responses={201: s.ExpertConflictSerializer})
    def create(self, request, *args, **kwargs):
        data = s.ExpertConflictInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        conflict = services.expert_conflict_declare(actor=request.user, **data.validated_data)
        return Response(s.ExpertConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ExpertConflictWithdrawSerializer, responses={200: s.ExpertConflictSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        conflict = self.get_object()
        data = s.ExpertConflictWithdrawSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        conflict = services.expert_conflict_withdraw(actor=request.user, conflict=conflict, **data.validated_data)
        return Response(s.ExpertConflictSerializer(conflict).data)
