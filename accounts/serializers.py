"""Serializers of agencies and users."""

from __future__ import annotations

from rest_framework import serializers

from core.serializers import StrictModelSerializer

from .models import Agency, User


class AgencySerializer(StrictModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    industries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    level = serializers.CharField(source="region.level", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "region", "level", "industries", "comprehensive", "parent"]


class UserBriefSerializer(StrictModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "kind", "role", "agency"]
