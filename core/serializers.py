"""Serializers of the shared reference data."""

from __future__ import annotations

from rest_framework import serializers

from .models import Industry, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "path"]


class IndustrySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Industry
        fields = ["id", "code", "name", "parent", "path", "high_risk", "key"]
