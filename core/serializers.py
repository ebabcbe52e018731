"""Serializers shared by every app: the strict input base, and the reference data.

Every serializer of the project derives from `StrictSerializer` or `StrictModelSerializer`
(tests/api/test_strict_input.py checks it), so every body the API reads is judged the same way:

- a field the serializer does not know answers 400 naming it (`{"colour": ["未知字段。"]}`),
  instead of being dropped silently;
- a read-only field sent in a body (an id, a status, a computed name) answers 400 naming it,
  instead of being ignored;
- a text value holding a control character (other than tab, line feed and carriage return)
  answers 400 naming the field.

Nested serializers are strict too, so the check reaches every level of a body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Industry, Region

#: C0 controls except \t \n \r, DEL, and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

UNKNOWN_FIELD = _("未知字段。")
READ_ONLY_FIELD = _("只读字段，不能在请求中设置。")


def has_control_character(value) -> bool:
    """Whether a raw input value (text, or lists and mappings of text) holds a control character."""
    if isinstance(value, str):
        return bool(CONTROL_CHARACTERS.search(value))
    if isinstance(value, Mapping):
        return any(has_control_character(k) or has_control_character(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_control_character(v) for v in value)
    return False


def _raw_values(data, key):
    getlist = getattr(data, "getlist", None)
    return getlist(key) if callable(getlist) else data.get(key)


class StrictInputMixin:
    """Refuses unknown and read-only fields and control characters before the usual validation.

    `reference_querysets` maps a writable relation to a function `user -> queryset`: the choices
    the writer may use (their jurisdiction). An id outside it answers 400 on that field like an
    unknown id. Without a request in the context (no writer known) the choices are empty.
    """

    reference_querysets: dict = {}

    def get_fields(self):
        fields = super().get_fields()
        if self.reference_querysets:
            user = getattr(self.context.get("request"), "user", None)
            for name, choices in self.reference_querysets.items():
                field = fields[name]
                if isinstance(field, serializers.ManyRelatedField):
                    field = field.child_relation
                elif isinstance(field, serializers.ListField):
                    field = field.child
                if getattr(user, "is_authenticated", False):
                    field.queryset = choices(user)
                else:
                    field.queryset = field.queryset.none()
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = self.strict_errors(data)
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def strict_errors(self, data: Mapping) -> dict[str, list[str]]:
        fields = self.fields
        errors: dict[str, list[str]] = {}
        for key in data.keys():
            field = fields.get(key)
            if field is None:
                errors[str(key)] = [str(UNKNOWN_FIELD)]
            elif field.read_only:
                errors[str(key)] = [str(READ_ONLY_FIELD)]
            elif not isinstance(field, serializers.BaseSerializer) and has_control_character(_raw_values(data, key)):
                label = field.label or key
                errors[str(key)] = [str(_("%(label)s含有不允许的控制字符。") % {"label": label})]
        return errors


class StrictSerializer(StrictInputMixin, serializers.Serializer):
    """Base of every plain (input or output) serializer."""


class StrictModelSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Base of every model serializer."""


class EmptyInputSerializer(StrictSerializer):
    """The body of a command that takes no input: any field sent is unknown (400)."""


class RegionSerializer(StrictModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "path"]


class IndustrySerializer(StrictModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Industry
        fields = ["id", "code", "name", "parent", "path", "high_risk", "key"]
