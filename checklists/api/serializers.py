"""Checklist API serializers: a version with its sections and items (output), and the input
shape of a new template or a revision."""

from __future__ import annotations

from rest_framework import serializers

from core.models import Industry
from core.serializers import StrictModelSerializer, StrictSerializer

from ..models import ChecklistItem, ChecklistSection, ChecklistTemplate


class ChecklistItemSerializer(StrictModelSerializer):
    industries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    implied_hazard_level = serializers.CharField(read_only=True)

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "number",
            "text",
            "legal_basis",
            "industries",
            "answer_kind",
            "photo_required",
            "hazard_level",
            "major_criterion",
            "implied_hazard_level",
        ]


class ChecklistSectionSerializer(StrictModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistSection
        fields = ["id", "order", "title", "lead_department", "items"]


class ChecklistSerializer(StrictModelSerializer):
    sections = ChecklistSectionSerializer(many=True, read_only=True)
    previous = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "code", "version", "name", "kind", "description", "source_seed", "previous", "sections"]


class ItemInputSerializer(StrictSerializer):
    number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    text = serializers.CharField()
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")
    industries = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="code", queryset=Industry.objects.all()),
        required=False,
        default=list,
    )
    answer_kind = serializers.ChoiceField(
        choices=ChecklistItem._meta.get_field("answer_kind").choices, default="compliance"
    )
    photo_required = serializers.BooleanField(default=False)
    hazard_level = serializers.ChoiceField(
        choices=ChecklistItem._meta.get_field("hazard_level").choices, default="general"
    )
    major_criterion = serializers.BooleanField(default=False)


class SectionInputSerializer(StrictSerializer):
    title = serializers.CharField(max_length=300)
    lead_department = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    items = ItemInputSerializer(many=True)


class ChecklistRevisionInputSerializer(StrictSerializer):
    """A new version of an existing checklist: the same shape as a new one without its code."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ChecklistTemplate._meta.get_field("kind").choices, default="inspection")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    sections = SectionInputSerializer(many=True)

    def to_data(self) -> dict:
        data = dict(self.validated_data)
        for section in data["sections"]:
            for item in section["items"]:
                item["industries"] = [i.code for i in item["industries"]]
        return data


class ChecklistInputSerializer(ChecklistRevisionInputSerializer):
    """A new checklist: its code (unique) and its content."""

    code = serializers.CharField(max_length=80)


class ChecklistImportInputSerializer(StrictSerializer):
    """An Excel checklist (the export's layout): a new code gives version 1, an existing one a revision."""

    file = serializers.FileField(label="文件", error_messages={"required": "请选择要上传的文件（字段 file）。"})
    code = serializers.CharField(max_length=80, label="编码")
    name = serializers.CharField(max_length=200, label="名称")
    description = serializers.CharField(required=False, allow_blank=True, default="", label="说明")
