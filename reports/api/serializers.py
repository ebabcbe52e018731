"""Statistics API serializers: the report rows (output) and the inputs of its commands."""

from __future__ import annotations

from rest_framework import serializers

from campaigns.choices import StatForm

from ..models import StatReport


class StatReportSerializer(serializers.ModelSerializer):
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


class StatReportCreateSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    region = serializers.CharField(max_length=32)
    period = serializers.CharField(max_length=10)
    form = serializers.ChoiceField(choices=StatForm.choices)


class RemarkSerializer(serializers.Serializer):
    remark = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
