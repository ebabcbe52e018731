"""Serializers of agencies and users."""

from __future__ import annotations

from rest_framework import serializers

from .models import Agency, User


class AgencySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    industries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    level = serializers.CharField(source="region.level", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "region", "level", "industries", "comprehensive", "parent"]


class UserBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "kind", "role", "agency"]
