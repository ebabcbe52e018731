"""Hazard and public-report JSON: serializers translate, services decide."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.models import AuditEntry
from core.serializers import StrictModelSerializer, StrictSerializer

from ..choices import HazardCategory, HazardLevel, SupervisionLevel
from ..models import Hazard, PublicReport


class HazardSerializer(StrictModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_blacklisted = serializers.BooleanField(source="enterprise.blacklisted", read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    listed = serializers.BooleanField(read_only=True)
    # Empty until set (no category given; not listed): "" is a documented value, not outside the enum.
    category = serializers.ChoiceField(choices=HazardCategory.choices, allow_blank=True, read_only=True)
    listed_level = serializers.ChoiceField(choices=SupervisionLevel.choices, allow_blank=True, read_only=True)

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


class HazardCreateSerializer(StrictSerializer):
    enterprise = serializers.IntegerField(required=False, label=_("企业"))
    inspection = serializers.IntegerField(required=False, label=_("检查"))
    level = serializers.ChoiceField(choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    category = serializers.ChoiceField(choices=HazardCategory.choices, required=False, allow_blank=True, default="")
    description = serializers.CharField()
    location = serializers.CharField(required=False, default="", allow_blank=True)

    def validate(self, attrs):
        # An enterprise user reports for their own enterprise only, outside any inspection: naming
        # another enterprise or an inspection is refused rather than replaced silently.
        user = getattr(self.context.get("request"), "user", None)
        if getattr(user, "is_enterprise_user", False):
            errors = {}
            if attrs.get("enterprise") not in (None, user.enterprise_id):
                errors["enterprise"] = [_("企业用户只能登记本企业的隐患。")]
            if attrs.get("inspection") is not None:
                errors["inspection"] = [_("企业自报隐患不关联检查，请勿填写检查。")]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class VersionedSerializer(StrictSerializer):
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


class ImmediateSerializer(VersionedSerializer):
    """立即整改: a general hazard fixed on the spot, with after-photos; it still awaits acceptance."""

    description = serializers.CharField(label=_("整改情况"))
    photos = serializers.ListField(child=serializers.FileField(), allow_empty=False, label=_("整改后照片"))
    acceptor = serializers.CharField(required=False, default="", allow_blank=True, label=_("验收人"))


class AcceptSerializer(VersionedSerializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class RejectSerializer(VersionedSerializer):
    reason = serializers.CharField()


class ListForSupervisionSerializer(VersionedSerializer):
    level = serializers.ChoiceField(choices=SupervisionLevel.choices)
    doc_number = serializers.CharField()
    listed_on = serializers.DateField()


class AuditEntrySerializer(StrictModelSerializer):
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


class PublicReportCreateSerializer(StrictSerializer):
    description = serializers.CharField(max_length=2000)
    location = serializers.CharField(max_length=200)
    region = serializers.CharField(max_length=12, label=_("乡镇（街道）区划代码"))
    industry = serializers.CharField(max_length=32, label=_("行业代码"))
    enterprise_name = serializers.CharField(required=False, default="", allow_blank=True, max_length=200)
    contact = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)
    photo = serializers.FileField(required=False)
    captcha_token = serializers.CharField()
    captcha_answer = serializers.CharField()


class PublicReportStatusSerializer(StrictSerializer):
    tracking_number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    agency = serializers.CharField()
    handled_at = serializers.DateTimeField(allow_null=True)
    reply = serializers.CharField()


class CaptchaSerializer(StrictSerializer):
    question = serializers.CharField()
    token = serializers.CharField()


class PublicReportSerializer(StrictModelSerializer):
    """A public report (举报) as the receiving agency's officials see it in their inbox."""

    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    industry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    industry_name = serializers.CharField(source="industry.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PublicReport
        fields = [
            "id", "tracking_number", "description", "location", "region", "region_name", "industry",
            "industry_name", "enterprise_name", "contact", "agency", "status", "status_display", "hazard",
            "handled_by", "handled_at", "reply", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class PublicReportVerifySerializer(StrictSerializer):
    enterprise = serializers.IntegerField(label=_("涉及企业"), help_text="辖区内企业 id")
    level = serializers.ChoiceField(choices=HazardLevel.choices, default=HazardLevel.GENERAL, label=_("隐患等级"))


class PublicReportDismissSerializer(StrictSerializer):
    reason = serializers.CharField(label=_("不予立案的理由"))
