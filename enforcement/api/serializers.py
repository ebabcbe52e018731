"""Enforcement and blacklist JSON: serializers translate, services decide."""

from __future__ import annotations

from rest_framework import serializers

from ..choices import EnforcementKind
from ..models import BlacklistEntry, BlacklistRemovalApplication, EnforcementAction


class EnforcementActionSerializer(serializers.ModelSerializer):
    effective = serializers.BooleanField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EnforcementAction
        fields = [
            "id",
            "agency",
            "enterprise",
            "enterprise_name",
            "inspection",
            "hazard",
            "kind",
            "description",
            "legal_basis",
            "doc_number",
            "amount",
            "starts_on",
            "ends_on",
            "major",
            "status",
            "effective",
            "author",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "created_at",
        ]
        read_only_fields = fields


class EnforcementCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EnforcementKind.choices)
    enterprise = serializers.IntegerField(required=False)
    inspection = serializers.IntegerField(required=False)
    hazard = serializers.IntegerField(required=False)
    description = serializers.CharField()
    legal_basis = serializers.CharField(required=False, default="", allow_blank=True)
    doc_number = serializers.CharField(required=False, default="", allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class RemovalApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = BlacklistRemovalApplication
        fields = ["id", "status", "credit_repair", "applied_at", "decided_at", "refusal_reason"]
        read_only_fields = fields


class BlacklistEntrySerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    removal_application = RemovalApplicationSerializer(
        source="latest_removal_application", read_only=True, allow_null=True
    )

    class Meta:
        model = BlacklistEntry
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "agency",
            "reason",
            "legal_basis",
            "status",
            "noticed_on",
            "objection_until",
            "listed_on",
            "term_until",
            "ended_on",
            "credit_repair",
            "end_reason",
            "objection",
            "objected_at",
            "removal_application",
        ]
        read_only_fields = fields


class BlacklistCreateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()
    reason = serializers.CharField()
    legal_basis = serializers.CharField()


class BlacklistRemoveSerializer(serializers.Serializer):
    """Approving a pending application needs no text: the application's credit repair is recorded."""

    credit_repair = serializers.CharField(required=False, allow_blank=True, default="")


class BlacklistApplyRemovalSerializer(serializers.Serializer):
    credit_repair = serializers.CharField(label="信用修复情况", allow_blank=True)


class BlacklistObjectionSerializer(serializers.Serializer):
    statement = serializers.CharField(label="陈述申辩")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
