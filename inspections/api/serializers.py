"""Serializers of the inspection API: they translate, they decide nothing."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import User
from campaigns.models import Campaign
from checklists.models import ChecklistItem, ChecklistTemplate
from core.serializers import StrictModelSerializer, StrictSerializer
from enterprises.models import Enterprise
from enterprises.references import usable_people

from ..choices import AnswerResult, InspectionKind, InspectionMethod
from ..models import (
    Draw,
    ExpertConflict,
    Finding,
    Inspection,
    InspectionAnswer,
    InspectionEvidence,
    LookBackCheck,
    PersonMet,
)


class WarningSerializer(StrictModelSerializer):
    agency = serializers.StringRelatedField()

    class Meta:
        model = Inspection
        fields = ["id", "kind", "status", "agency", "planned_start", "campaign"]


class InspectionSerializer(StrictModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    campaign_title = serializers.CharField(source="campaign.title", read_only=True, default="")
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")
    inspectors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "doc_number",
            "kind",
            "method",
            "campaign",
            "campaign_title",
            "enterprise",
            "enterprise_name",
            "status",
            "template",
            "agency",
            "agency_name",
            "group",
            "inspectors",
            "previous",
            "draw",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "conclusion",
            "interviewee_name",
            "interviewee_post",
            "submitted_at",
            "reviewed_at",
            "warnings",
        ]
        read_only_fields = fields

    def get_warnings(self, obj) -> list[dict]:
        return WarningSerializer(getattr(obj, "warnings", []), many=True).data


class AnswerSerializer(StrictModelSerializer):
    class Meta:
        model = InspectionAnswer
        fields = ["item", "result", "number_value", "text_value", "note", "updated_at"]


class FindingSerializer(StrictModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "description", "location", "level", "hazard", "look_back_check"]


class PersonMetSerializer(StrictModelSerializer):
    class Meta:
        model = PersonMet
        fields = ["id", "name", "post", "phone"]


class EvidenceSerializer(StrictModelSerializer):
    class Meta:
        model = InspectionEvidence
        fields = [
            "id",
            "item",
            "note",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "width",
            "height",
            "exif_taken_at",
            "gps_lat",
            "gps_lon",
            "uploaded_at",
        ]


class LookBackCheckSerializer(StrictModelSerializer):
    hazard_description = serializers.CharField(source="hazard.description", read_only=True)
    hazard_status = serializers.CharField(source="hazard.status", read_only=True)

    class Meta:
        model = LookBackCheck
        fields = ["id", "hazard", "hazard_description", "hazard_status", "status_at_creation", "rectified", "note"]


class InspectionDetailSerializer(InspectionSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    people_met = PersonMetSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    look_back_checks = LookBackCheckSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [
            *InspectionSerializer.Meta.fields,
            "answers",
            "findings",
            "people_met",
            "evidence",
            "look_back_checks",
        ]
        read_only_fields = fields


# Self-inspections and look-backs have their own operations (as on the pages): planning refuses them.
PLANNED_KINDS = [c for c in InspectionKind.choices if c[0] not in (InspectionKind.SELF, InspectionKind.LOOK_BACK)]
ELSEWHERE = {
    InspectionKind.SELF: "企业自查请通过 POST /api/v1/inspections/request-self/ 布置。",
    InspectionKind.LOOK_BACK: "回头看请通过 POST /api/v1/inspections/{id}/look-back/ 对原检查开展。",
}


class PlanInputSerializer(StrictSerializer):
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(), required=False, allow_null=True, default=None
    )
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    kind = serializers.ChoiceField(choices=PLANNED_KINDS)
    method = serializers.ChoiceField(choices=InspectionMethod.choices, default=InspectionMethod.PLANNED)
    inspectors = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), many=True)
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    template = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistTemplate.objects.all(), required=False, allow_null=True
    )
    interviewee_name = serializers.CharField(required=False, allow_blank=True, default="")
    interviewee_post = serializers.CharField(required=False, allow_blank=True, default="")

    # Choices are restricted like the pages: out-of-scope rows do not exist for this user.
    reference_querysets = {
        "campaign": lambda user: Campaign.objects.visible_to(user),
        "enterprise": lambda user: Enterprise.objects.visible_to(user),
        "inspectors": usable_people,
        "template": lambda user: ChecklistTemplate.objects.visible_to(user),
    }

    def to_internal_value(self, data):
        # A look-back named here used to be planned without its link: refuse, naming the operation.
        errors, value = {}, None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = dict(exc.detail)
        kind = data.get("kind") if hasattr(data, "get") else None
        if kind in ELSEWHERE:
            errors["kind"] = [ELSEWHERE[kind]]
        if hasattr(data, "get") and "previous" in data:
            errors["previous"] = [ELSEWHERE[InspectionKind.LOOK_BACK]]
        if errors:
            raise serializers.ValidationError(errors)
        return value


class UpdateInputSerializer(StrictSerializer):
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)
    interviewee_name = serializers.CharField(required=False, allow_blank=True)
    interviewee_post = serializers.CharField(required=False, allow_blank=True)


class AnswerInputSerializer(StrictSerializer):
    item = serializers.IntegerField()
    result = serializers.ChoiceField(choices=AnswerResult.choices, required=False, allow_blank=True)
    number_value = serializers.DecimalField(max_digits=14, decimal_places=3, required=False, allow_null=True)
    text_value = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class AnswersInputSerializer(StrictSerializer):
    answers = AnswerInputSerializer(many=True)


class SubmitInputSerializer(StrictSerializer):
    conclusion = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class ReviewInputSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceInputSerializer(StrictSerializer):
    file = serializers.FileField()
    item = serializers.PrimaryKeyRelatedField(queryset=ChecklistItem.objects.all(), required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FindingInputSerializer(StrictSerializer):
    description = serializers.CharField()
    location = serializers.CharField(required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(choices=[("general", "一般隐患"), ("major", "重大隐患")], default="general")


class PersonMetInputSerializer(StrictSerializer):
    name = serializers.CharField()
    post = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")


class LookBackConfirmInputSerializer(StrictSerializer):
    check = serializers.IntegerField()
    rectified = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DrawInputSerializer(StrictSerializer):
    count = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    share = serializers.FloatField(required=False, allow_null=True, min_value=0.0, max_value=1.0)
    risk_grades = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    supervision_classes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    weighted = serializers.BooleanField(required=False, default=False)
    inspectors_per_inspection = serializers.IntegerField(required=False, default=2, min_value=1)
    planned_start = serializers.DateField(required=False, allow_null=True, default=None)
    planned_end = serializers.DateField(required=False, allow_null=True, default=None)
    spot_check_percent = serializers.FloatField(
        required=False, allow_null=True, min_value=0.1, max_value=100, help_text="市级抽查：抽取县级已检查企业的百分比"
    )


class DrawSerializer(StrictModelSerializer):
    inspections = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Draw
        fields = [
            "id",
            "kind",
            "campaign",
            "agency",
            "actor",
            "seed",
            "inputs_digest",
            "inputs",
            "result",
            "inspections",
            "created_at",
        ]


class ExpertConflictSerializer(StrictModelSerializer):
    expert_name = serializers.CharField(source="expert.__str__", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    active = serializers.SerializerMethodField()

    class Meta:
        model = ExpertConflict
        fields = [
            "id",
            "expert",
            "expert_name",
            "enterprise",
            "enterprise_name",
            "reason",
            "active",
            "declared_at",
            "declared_by",
            "withdrawn_at",
            "withdrawn_by",
        ]
        read_only_fields = fields

    def get_active(self, obj) -> bool:
        return obj.withdrawn_at is None


class ExpertConflictInputSerializer(StrictSerializer):
    """`expert` defaults to the caller (an expert declaring their own conflict). The enterprise is
    named by id (officials: within their jurisdiction) or by 统一社会信用代码 (anyone, e.g. experts,
    who see no enterprise list)."""

    expert = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False, allow_null=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), required=False, allow_null=True)
    enterprise_uscc = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and (user.is_superuser or getattr(user, "is_official", False)):
            self.fields["expert"].queryset = User.objects.filter(kind="expert", is_active=True)
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user)
        elif user is not None and getattr(user, "is_expert", False):
            self.fields["expert"].queryset = User.objects.filter(pk=user.pk)

    def validate(self, attrs):
        user = self.context["request"].user
        if not attrs.get("expert"):
            attrs["expert"] = user if getattr(user, "is_expert", False) else None
        if not attrs.get("enterprise"):
            code = attrs.get("enterprise_uscc", "").strip().upper()
            attrs["enterprise"] = Enterprise.objects.filter(uscc=code).first() if code else None
            if code and attrs["enterprise"] is None:
                raise serializers.ValidationError({"enterprise_uscc": "未找到该统一社会信用代码的企业。"})
        attrs.pop("enterprise_uscc", None)
        return attrs


class ExpertConflictWithdrawSerializer(StrictSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class RequestSelfInputSerializer(StrictSerializer):
    """布置企业自查: every in-scope enterprise of the campaign (or the listed ones) gets a
    self-inspection against the checklist, due by the deadline."""

    campaign = serializers.IntegerField(help_text="专项行动 id（须在您的辖区内可见）")
    template = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistTemplate.objects.filter(kind="inspection"), help_text="自查表（检查表版本 id）"
    )
    deadline = serializers.DateField(help_text="截止日期")
    enterprises = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.none(), many=True, required=False, default=None,
        help_text="只向这些企业布置（默认：专项行动范围内的全部企业）",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None:
            self.fields["enterprises"].child_relation.queryset = Enterprise.objects.visible_to(user)


class RequestSelfResultSerializer(StrictSerializer):
    created = serializers.IntegerField(help_text="新布置的自查数（已有自查的企业跳过）")
    inspections = InspectionSerializer(many=True)


class LookBackInputSerializer(StrictSerializer):
    """回头看 of this (submitted) inspection: the new inspection links to it and carries one check
    per hazard it found. Inspectors default to the caller, as on the page."""

    reference_querysets = {"inspectors": usable_people}

    inspectors = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False, default=None
    )
    method = serializers.ChoiceField(choices=InspectionMethod.choices, default=InspectionMethod.PLANNED)
    planned_start = serializers.DateField(required=False, allow_null=True, default=None)
    planned_end = serializers.DateField(required=False, allow_null=True, default=None)
