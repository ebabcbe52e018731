"""Enterprise JSON: region and industries by code; writes go through enterprise_save."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from core.models import Industry, Region
from core.serializers import StrictModelSerializer, StrictSerializer
from core.uscc import normalize_uscc, uscc_error

from .models import EDITABLE_FIELDS, CertifiedPerson, Enterprise, MajorHazardSource
from .references import usable_agencies


class CertifiedPersonSerializer(StrictModelSerializer):
    class Meta:
        model = CertifiedPerson
        fields = ["id", "name", "post", "certificate_number", "certificate_valid_until"]


class MajorHazardSourceSerializer(StrictModelSerializer):
    class Meta:
        model = MajorHazardSource
        fields = ["id", "name", "grade", "record_number"]


class EnterpriseSerializer(StrictModelSerializer):
    uscc = serializers.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        validators=[UniqueValidator(Enterprise.objects.all(), message=_("该统一社会信用代码已登记。"))],
    )
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), label=_("区划代码"))
    industries = serializers.SlugRelatedField(
        slug_field="code", queryset=Industry.objects.all(), many=True, label=_("行业代码")
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    responsible_agency_name = serializers.CharField(source="responsible_agency.name", read_only=True, default="")
    certified_people = CertifiedPersonSerializer(many=True, required=False)
    major_hazard_sources = MajorHazardSourceSerializer(many=True, required=False)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "region_name",
            "responsible_agency_name",
            "blacklisted",
            "certified_people",
            "major_hazard_sources",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["blacklisted", "created_at", "updated_at"]

    # Choices are the writer's jurisdiction: another agency is an unknown id (400). A region outside
    # it is refused by enterprise_save with a message saying so (400 naming `region`).
    reference_querysets = {"responsible_agency": usable_agencies}

    def to_internal_value(self, data):
        if hasattr(data, "copy") and "uscc" in data:
            data = data.copy()
            data["uscc"] = normalize_uscc(str(data["uscc"]))
        return super().to_internal_value(data)

    def validate_uscc(self, value: str) -> str:
        problem = uscc_error(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def create(self, validated_data):
        from .services import enterprise_save

        industries = validated_data.pop("industries")
        return enterprise_save(
            actor=self.context["request"].user, enterprise=Enterprise(**validated_data), industries=industries
        )

    def update(self, instance, validated_data):
        from .services import enterprise_save

        industries = validated_data.pop("industries", None)
        people = validated_data.pop("certified_people", None)
        sources = validated_data.pop("major_hazard_sources", None)
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return enterprise_save(
            actor=self.context["request"].user,
            enterprise=instance,
            industries=industries,
            certified_people=people,
            major_hazard_sources=sources,
        )


class EnterpriseImportInputSerializer(StrictSerializer):
    """The registry workbook (the import template's layout)."""

    file = serializers.FileField(label=_("文件"), error_messages={"required": _("请选择要上传的文件（字段 file）。")})
