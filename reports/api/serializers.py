"""Statistics API serializers: the report rows (output) and the inputs of its commands."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from campaigns.choices import StatForm
from core.serializers import StrictModelSerializer, StrictSerializer

from ..models import ExportJob, StatReport


class StatReportSerializer(StrictModelSerializer):
    campaign_title = serializers.CharField(source="campaign.title", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    unit = serializers.CharField(source="agency.name", read_only=True, default="")
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = StatReport
        fields = [
            "id",
            "campaign",
            "campaign_title",
            "form",
            "region",
            "region_name",
            "unit",
            "period",
            "period_start",
            "period_end",
            "status",
            "status_display",
            "remark",
            "snapshot_sha256",
            "submitted_at",
            "returned_reason",
            "decided_at",
            "submission",
        ]


class StatReportDetailSerializer(StatReportSerializer):
    figures = serializers.SerializerMethodField()

    class Meta(StatReportSerializer.Meta):
        fields = [*StatReportSerializer.Meta.fields, "figures"]

    def get_figures(self, obj) -> dict:
        return self.context["figures"]


class StatReportCreateSerializer(StrictSerializer):
    campaign = serializers.IntegerField()
    region = serializers.CharField(max_length=32)
    period = serializers.CharField(max_length=10)
    form = serializers.ChoiceField(choices=StatForm.choices)


class StatSubmitSerializer(StrictSerializer):
    remark = serializers.CharField(required=False, allow_blank=True, default="")


class StatReturnSerializer(StrictSerializer):
    reason = serializers.CharField(allow_blank=True)


class ExportJobSerializer(StrictModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(source="progress_percent", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id", "kind", "format", "filters", "description", "status", "status_display", "total", "done",
            "percent", "error", "size", "created_at", "finished_at", "expires_at", "file_url",
        ]  # fmt: skip

    def get_file_url(self, obj) -> str:
        return reverse("export-file", args=[obj.pk]) if obj.status == "done" else ""


class ExportCreateSerializer(StrictSerializer):
    kind = serializers.CharField()
    filters = serializers.DictField(required=False, default=dict)
    format = serializers.CharField(required=False, default="xlsx")
