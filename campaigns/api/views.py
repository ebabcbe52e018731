"""Campaign API: thin scoped viewsets; commands call services."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ScopedCreateListRetrieveViewSet, ScopedModelViewSet, ScopedReadOnlyViewSet, ServiceChecked

from .. import services
from ..filters import CampaignFilter, GroupFilter, SubmissionFilter
from ..models import Campaign, InspectionGroup, Submission, SubmissionReminder, Task
from ..selectors import expert_pool
from . import serializers as s

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible_or_404(model, user, pk):
    obj = model.objects.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


class CampaignViewSet(ScopedModelViewSet):
    """Campaigns visible to the user: their region's subtree and the campaigns above it."""

    queryset = Campaign.objects.select_related("region", "agency").prefetch_related("industries", "phases")
    filterset_class = CampaignFilter

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            qs = qs.prefetch_related(
                "targets__campaign__industries", "tasks__lead_agency", "report_requirements", "checklists"
            )
        return qs

    def get_serializer_class(self):
        if self.action == "list":
            return s.CampaignListSerializer
        if self.action in ("create", "partial_update"):
            return s.CampaignWriteSerializer
        return s.CampaignDetailSerializer

    def check_change_permission(self, obj) -> None:
        if not services.can_change_campaign(self.request.user, obj):
            raise PermissionDenied("您无权修改此专项行动。")

    @extend_schema(request=s.CampaignWriteSerializer, responses={201: s.CampaignDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = s.CampaignWriteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        campaign = services.campaign_create(actor=request.user, **values)
        return Response(self._detail(campaign), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CampaignWriteSerializer, responses={200: s.CampaignDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        campaign = self.get_object()
        data = s.CampaignWriteSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        campaign = services.campaign_update(actor=request.user, campaign=campaign, **dict(data.validated_data))
        return Response(self._detail(campaign))

    def _detail(self, campaign):
        fresh = self.get_queryset().get(pk=campaign.pk)
        return s.CampaignDetailSerializer(fresh, context=self.get_serializer_context()).data

    @extend_schema(responses={200: s.EnterpriseBriefSerializer(many=True)})
    @action(detail=True, methods=["get"], filterset_class=None)
    def enterprises(self, request, pk=None):
        """The enterprises in scope, derived from the registry and scoped to the user."""
        campaign = self.get_object()
        qs = campaign.enterprises_in_scope(user=request.user).select_related("region").prefetch_related("industries")
        page = self.paginate_queryset(qs.order_by("region_path", "name", "pk"))
        return self.get_paginated_response(s.EnterpriseBriefSerializer(page, many=True).data)

    def _command(self, request, input_serializer, service, **extra):
        campaign = self.get_object()
        if not services.can_change_campaign(request.user, campaign):
            raise PermissionDenied("您无权修改此专项行动。")
        data = input_serializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        service(actor=request.user, campaign=campaign, **dict(data.validated_data), **extra)
        return Response(self._detail(campaign), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TargetInputSerializer, responses={201: s.CampaignDetailSerializer})
    @action(detail=True, methods=["post"])
    def targets(self, request, pk=None):
        return self._command(request, s.TargetInputSerializer, services.target_add)

    @extend_schema(request=s.TaskInputSerializer, responses={201: s.CampaignDetailSerializer})
    @action(detail=True, methods=["post"])
    def tasks(self, request, pk=None):
        return self._command(request, s.TaskInputSerializer, services.task_add)

    @extend_schema(request=s.RequirementInputSerializer, responses={201: s.CampaignDetailSerializer})
    @action(detail=True, methods=["post"], url_path="report-requirements")
    def report_requirements(self, request, pk=None):
        return self._command(request, s.RequirementInputSerializer, services.requirement_add)

    @extend_schema(request=s.AttachChecklistInputSerializer, responses={201: s.CampaignDetailSerializer})
    @action(detail=True, methods=["post"], url_path="checklists")
    def attach_checklist(self, request, pk=None):
        """Pin a checklist version to the campaign (the page's 关联检查表)."""
        return self._command(request, s.AttachChecklistInputSerializer, services.campaign_attach_checklist)

    @extend_schema(request=s.RemindLateInputSerializer, responses={200: s.RemindLateResultSerializer})
    @action(detail=True, methods=["post"], url_path="remind-late")
    def remind_late(self, request, pk=None):
        """一键催报 (the submissions page's button): every overdue unit the caller may remind, or
        those of one report requirement; units already reminded today are skipped."""
        campaign = _visible_or_404(Campaign, request.user, pk)  # as on the page: the service decides per unit
        data = s.RemindLateInputSerializer(data=request.data, campaign=campaign)
        data.is_valid(raise_exception=True)
        sent = services.submissions_remind_late(actor=request.user, campaign=campaign, **data.validated_data)
        return Response({"sent": sent})


class TaskViewSet(ServiceChecked, ScopedReadOnlyViewSet):
    """Tasks of visible campaigns; `POST tasks/{id}/status/` by the lead agency."""

    queryset = Task.objects.select_related("lead_agency", "campaign")
    serializer_class = s.TaskSerializer

    def get_queryset(self):
        return Task.objects.filter(
            campaign__in=Campaign.objects.visible_to(self.request.user).values("id")
        ).select_related("lead_agency", "campaign")

    @extend_schema(request=s.TaskStatusInputSerializer, responses={200: s.TaskSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        task = self.get_object()
        data = s.TaskStatusInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        task = services.task_update_status(actor=request.user, task=task, **data.validated_data)
        return Response(s.TaskSerializer(task).data)

    @extend_schema(request=s.TaskEditInputSerializer, responses={200: s.TaskSerializer})
    def partial_update(self, request, pk=None):
        """Edit a task (the page's 编辑任务); fields left out keep their value."""
        task = self.get_object()
        data = s.TaskEditInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values = {
            "title": task.title,
            "description": task.description,
            "lead_agency": task.lead_agency,
            "lead_name": task.lead_name,
            "cooperating_agencies": list(task.cooperating_agencies.all()),
            "cooperating_names": list(task.cooperating_names),
            "deadline": task.deadline,
            **data.validated_data,
        }
        task = services.task_update(actor=request.user, task=task, **values)
        return Response(s.TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(
        request={"multipart/form-data": s.TaskAttachmentInputSerializer}, responses={201: s.TaskAttachmentSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        """The lead agency attaches a file to its task (the page's 进展 form with 附件)."""
        task = self.get_object()
        data = s.TaskAttachmentInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        attachment = services.task_attach(actor=request.user, task=task, upload=data.validated_data["file"])
        return Response(s.TaskAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class GroupViewSet(ServiceChecked, ScopedCreateListRetrieveViewSet):
    queryset = (
        InspectionGroup.objects.select_related("campaign")
        .prefetch_related("members__user", "visits__enterprise")
        .order_by("campaign_id", "id")
    )
    serializer_class = s.GroupSerializer
    filterset_class = GroupFilter

    @extend_schema(request=s.GroupInputSerializer, responses={201: s.GroupSerializer})
    def create(self, request, *args, **kwargs):
        data = s.GroupInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        campaign = _visible_or_404(Campaign, request.user, data.validated_data["campaign"].pk)
        group = services.group_create(
            actor=request.user,
            campaign=campaign,
            name=data.validated_data["name"],
            members=[(m["user"], m["role"]) for m in data.validated_data["members"]],
        )
        return Response(s.GroupSerializer(self.get_queryset().get(pk=group.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VisitInputSerializer, responses={201: s.GroupVisitSerializer})
    @action(detail=True, methods=["post"])
    def visits(self, request, pk=None):
        group = self.get_object()
        data = s.VisitInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        visit = services.group_visit_add(actor=request.user, group=group, **data.validated_data)
        return Response(s.GroupVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class ExpertViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The expert pool (专家库), optionally matching a campaign's industries (`?campaign=`); officials only."""

    serializer_class = s.ExpertSerializer

    def get_queryset(self):
        user = self.request.user
        if not (user.is_superuser or getattr(user, "is_official", False)):
            return expert_pool().none()
        campaign_id = self.request.query_params.get("campaign")
        campaign = _visible_or_404(Campaign, user, campaign_id) if campaign_id else None
        return expert_pool(campaign)


class SubmissionViewSet(ServiceChecked, ScopedReadOnlyViewSet):
    """Due reports: `?campaign=&status=pending|submitted|overdue`; `POST {id}/submit/` by the owing unit."""

    queryset = Submission.objects.select_related("requirement", "agency", "enterprise").prefetch_related(
        Prefetch("reminders", queryset=SubmissionReminder.objects.select_related("sent_by"))
    )
    serializer_class = s.SubmissionSerializer
    filterset_class = SubmissionFilter

    @extend_schema(
        request={
            "multipart/form-data": s.SubmissionSubmitInputSerializer,
            "application/json": s.SubmissionSubmitInputSerializer,
        },
        responses={200: s.SubmissionSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def submit(self, request, pk=None):
        submission = self.get_object()
        data = s.SubmissionSubmitInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        submission = services.submission_submit(
            actor=request.user,
            submission=submission,
            text=data.validated_data["text"],
            upload=data.validated_data.get("file"),
        )
        return Response(s.SubmissionSerializer(submission).data)

    @extend_schema(request=s.RemindInputSerializer, responses={201: s.SubmissionSerializer})
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        """催报 one unit that has not submitted (at most once a day); the reminder joins `reminders`."""
        submission = self.get_object()
        data = s.RemindInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.submission_remind(actor=request.user, submission=submission, **data.validated_data)
        return Response(s.SubmissionSerializer(self.get_object()).data, status=status.HTTP_201_CREATED)
