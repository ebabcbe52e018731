"""Hazard and public-report JSON: serializers translate, services decide."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.models import AuditEntry

from ..choices import HazardCategory, HazardLevel, SupervisionLevel
from ..models import Hazard


class HazardSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_blacklisted = serializers.BooleanField(source="enterprise.blacklisted", read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    listed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "enterprise_blacklisted",
            "campaign",
            "inspection",
            "item",
            "source",
            "description",
            "location",
            "level",
            "category",
            "status",
            "deadline",
            "overdue",
            "listed",
            "listed_level",
            "listed_doc_number",
            "listed_on",
            "responsible_person",
            "measures",
            "executor",
            "acceptor",
            "responsibility",
            "funds_planned",
            "contingency_plan",
            "reported_to_department_on",
            "reported_to_congress_on",
            "funds_spent",
            "rectified_immediately",
            "found_at",
            "closed_at",
            "version",
        ]
        read_only_fields = fields


class HazardCreateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(required=False, label=_("企业"))
    inspection = serializers.IntegerField(required=False, label=_("检查"))
    level = serializers.ChoiceField(choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    category = serializers.ChoiceField(choices=HazardCategory.choices, required=False, default="")
    description = serializers.CharField()
    location = serializers.CharField(required=False, default="", allow_blank=True)


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, label=_("版本（防止并发修改）"))


class AssignSerializer(VersionedSerializer):
    responsible_person = serializers.CharField()
    measures = serializers.CharField()
    deadline = serializers.DateField()
    executor = serializers.CharField()
    acceptor = serializers.CharField()


class MajorPlanSerializer(VersionedSerializer):
    responsibility = serializers.CharField()
    funds_planned = serializers.DecimalField(max_digits=14, decimal_places=2)
    contingency_plan = serializers.CharField()
    reported_to_department_on = serializers.DateField()
    reported_to_congress_on = serializers.DateField()


class SubmitSerializer(VersionedSerializer):
    description = serializers.CharField()
    funds_spent = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    photos = serializers.ListField(child=serializers.FileField(), allow_empty=False)


class AcceptSerializer(VersionedSerializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class RejectSerializer(VersionedSerializer):
    reason = serializers.CharField()


class ListForSupervisionSerializer(VersionedSerializer):
    level = serializers.ChoiceField(choices=SupervisionLevel.choices)
    doc_number = serializers.CharField()
    listed_on = serializers.DateField()


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "action",
            "from_state",
            "to_state",
            "changes",
            "reason",
            "evidence",
            "entry_hash",
        ]


class PublicReportCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    location = serializers.CharField(max_length=200)
    region = serializers.CharField(max_length=12, label=_("乡镇（街道）区划代码"))
    industry = serializers.CharField(max_length=32, label=_("行业代码"))
    enterprise_name = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    contact = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)
    photo = serializers.FileField(required=False)
    captcha_token = serializers.CharField()
    captcha_answer = serializers.CharField()


class PublicReportStatusSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    agency = serializers.CharField()
    handled_at = serializers.DateTimeField(allow_null=True)
    reply = serializers.CharField()


class CaptchaSerializer(serializers.Serializer):
    question = serializers.CharField()
    token = serializers.CharField()
