"""Enforcement and blacklist JSON: serializers translate, services decide."""

from __future__ import annotations

from rest_framework import serializers

from core.serializers import StrictModelSerializer, StrictSerializer

from ..choices import EnforcementKind
from ..models import BlacklistEntry, BlacklistRemovalApplication, EnforcementAction, Publication


class EnforcementActionSerializer(StrictModelSerializer):
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


class EnforcementCreateSerializer(StrictSerializer):
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


class ReviewSerializer(StrictSerializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class RemovalApplicationSerializer(StrictModelSerializer):
    class Meta:
        model = BlacklistRemovalApplication
        fields = ["id", "status", "credit_repair", "applied_at", "decided_at", "refusal_reason"]
        read_only_fields = fields


class BlacklistEntrySerializer(StrictModelSerializer):
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


class BlacklistCreateSerializer(StrictSerializer):
    enterprise = serializers.IntegerField()
    reason = serializers.CharField()
    legal_basis = serializers.CharField()


class BlacklistRemoveSerializer(StrictSerializer):
    """Approving a pending application needs no text: the application's credit repair is recorded."""

    credit_repair = serializers.CharField(required=False, allow_blank=True, default="")


class BlacklistApplyRemovalSerializer(StrictSerializer):
    credit_repair = serializers.CharField(label="信用修复情况", allow_blank=True)


class BlacklistObjectionSerializer(StrictSerializer):
    statement = serializers.CharField(label="陈述申辩")


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField()


class PublicationSerializer(StrictModelSerializer):
    """An entry the agency published on the public disclosure page (曝光公示)."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id", "agency", "agency_name", "kind", "kind_display", "enterprise_name", "summary", "hazard",
            "blacklist_entry", "enforcement_action", "published_by", "published_on", "withdrawn", "withdrawn_at",
            "withdrawn_by", "withdraw_reason",
        ]  # fmt: skip
        read_only_fields = fields


PUBLISHABLE = ("hazard", "blacklist_entry", "enforcement_action")


class PublicationCreateSerializer(StrictSerializer):
    """Publish exactly one of: a listed major hazard, a listed blacklist entry, an effective closure."""

    hazard = serializers.IntegerField(required=False, allow_null=True, help_text="挂牌督办的重大隐患 id")
    blacklist_entry = serializers.IntegerField(required=False, allow_null=True, help_text="已列入的黑名单记录 id")
    enforcement_action = serializers.IntegerField(required=False, allow_null=True, help_text="已生效的关闭取缔决定 id")

    def validate(self, attrs):
        chosen = [name for name in PUBLISHABLE if attrs.get(name) is not None]
        if len(chosen) != 1:
            message = "请在 hazard、blacklist_entry、enforcement_action 中指定且只指定一项要公开的内容。"
            raise serializers.ValidationError({name: [message] for name in (chosen or ["hazard"])})
        return attrs


class PublicationWithdrawSerializer(StrictSerializer):
    reason = serializers.CharField(help_text="撤回理由")
