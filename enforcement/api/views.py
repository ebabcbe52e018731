"""Enforcement and blacklist API: thin viewsets whose actions call services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import require_empty_body
from core.audit import history_for
from enterprises.models import Enterprise
from hazards.api.serializers import AuditEntrySerializer
from hazards.api.views import ServiceActionsMixin, visible_or_404
from hazards.models import Hazard
from inspections.models import Inspection

from .. import services
from ..filters import BlacklistFilter, EnforcementFilter
from ..models import BlacklistEntry, EnforcementAction
from ..selectors import publications_managed_by
from . import serializers as s


class EnforcementActionViewSet(
    ServiceActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = EnforcementAction.objects.select_related("enterprise")
    serializer_class = s.EnforcementActionSerializer
    filterset_class = EnforcementFilter

    @extend_schema(request=s.EnforcementCreateSerializer, responses={201: s.EnforcementActionSerializer})
    def create(self, request):
        data = self._input(s.EnforcementCreateSerializer)
        user = request.user
        data["hazard"] = visible_or_404(Hazard, user, data.get("hazard"))
        data["inspection"] = visible_or_404(Inspection, user, data.get("inspection"))
        data["enterprise"] = visible_or_404(Enterprise, user, data.get("enterprise"))
        action_obj = services.enforcement_create(actor=user, **data)
        return Response(s.EnforcementActionSerializer(action_obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReviewSerializer, responses=s.EnforcementActionSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        obj = self.get_object()
        data = self._input(s.ReviewSerializer)
        done = services.enforcement_review(action=obj, actor=request.user, **data)
        return Response(s.EnforcementActionSerializer(done).data)

    @extend_schema(responses=AuditEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        return Response(AuditEntrySerializer(history_for(self.get_object()), many=True).data)


class BlacklistViewSet(ServiceActionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = BlacklistEntry.objects.select_related("enterprise").prefetch_related("removal_applications")
    serializer_class = s.BlacklistEntrySerializer
    filterset_class = BlacklistFilter

    @extend_schema(request=s.BlacklistCreateSerializer, responses={201: s.BlacklistEntrySerializer})
    def create(self, request):
        data = self._input(s.BlacklistCreateSerializer)
        enterprise = visible_or_404(Enterprise, request.user, data["enterprise"])
        entry = services.blacklist_notify(
            actor=request.user, enterprise=enterprise, reason=data["reason"], legal_basis=data["legal_basis"]
        )
        return Response(s.BlacklistEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.BlacklistEntrySerializer)
    @action(detail=True, methods=["post"], url_path="list")
    def list_entry(self, request, pk=None):
        require_empty_body(request)
        return Response(
            s.BlacklistEntrySerializer(services.blacklist_list(entry=self.get_object(), actor=request.user)).data
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.BlacklistEntrySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        obj = self.get_object()
        data = self._input(s.ReasonSerializer)
        entry = services.blacklist_withdraw(entry=obj, actor=request.user, reason=data["reason"])
        return Response(s.BlacklistEntrySerializer(entry).data)

    @extend_schema(request=s.BlacklistObjectionSerializer, responses=s.BlacklistEntrySerializer)
    @action(detail=True, methods=["post"], url_path="object")
    def object_to_notice(self, request, pk=None):
        obj = self.get_object()
        data = self._input(s.BlacklistObjectionSerializer)
        entry = services.blacklist_object(entry=obj, actor=request.user, statement=data["statement"])
        return Response(s.BlacklistEntrySerializer(entry).data)

    @extend_schema(request=s.BlacklistRemoveSerializer, responses=s.BlacklistEntrySerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        obj = self.get_object()
        data = self._input(s.BlacklistRemoveSerializer)
        entry = services.blacklist_remove_early(entry=obj, actor=request.user, credit_repair=data["credit_repair"])
        return Response(s.BlacklistEntrySerializer(entry).data)

    @extend_schema(request=s.BlacklistApplyRemovalSerializer, responses=s.BlacklistEntrySerializer)
    @action(detail=True, methods=["post"], url_path="apply-removal")
    def apply_removal(self, request, pk=None):
        obj = self.get_object()
        data = self._input(s.BlacklistApplyRemovalSerializer)
        services.blacklist_apply_removal(entry=obj, actor=request.user, credit_repair=data["credit_repair"])
        return Response(s.BlacklistEntrySerializer(self.get_object()).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.BlacklistEntrySerializer)
    @action(detail=True, methods=["post"], url_path="refuse-removal")
    def refuse_removal(self, request, pk=None):
        obj = self.get_object()
        data = self._input(s.ReasonSerializer)
        services.blacklist_refuse_removal(entry=obj, actor=request.user, reason=data["reason"])
        return Response(s.BlacklistEntrySerializer(self.get_object()).data)


class PublicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """曝光公示 (the pages /hazards/publish/ and /hazards/publications/): the entries your agency
    published; `POST` publishes one, `withdraw/` takes it off the public page with a reason."""

    serializer_class = s.PublicationSerializer

    def get_queryset(self):
        return publications_managed_by(self.request.user)

    @extend_schema(request=s.PublicationCreateSerializer, responses={201: s.PublicationSerializer})
    def create(self, request):
        data = s.PublicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v, user = data.validated_data, request.user
        publication = services.publication_publish(
            actor=user,
            hazard=visible_or_404(Hazard, user, v.get("hazard")),
            blacklist_entry=visible_or_404(BlacklistEntry, user, v.get("blacklist_entry")),
            enforcement_action=visible_or_404(EnforcementAction, user, v.get("enforcement_action")),
        )
        return Response(s.PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PublicationWithdrawSerializer, responses={200: s.PublicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        publication = self.get_object()
        data = s.PublicationWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publication = services.publication_withdraw(
            actor=request.user, publication=publication, reason=data.validated_data["reason"]
        )
        return Response(s.PublicationSerializer(self.get_queryset().get(pk=publication.pk)).data)
