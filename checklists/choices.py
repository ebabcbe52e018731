"""Choices of checklist templates: the answer kinds, the hazard level a failing answer implies,
and the template kinds (inspection checklist or interview outline)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerKind(models.TextChoices):
    COMPLIANCE = "compliance", _("符合/不符合/不适用")
    NUMBER = "number", _("数值")
    TEXT = "text", _("文字")


class HazardLevel(models.TextChoices):
    """一般 / 重大: the level of a hazard, first set by the checklist item a failing answer creates it from."""

    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class TemplateKind(models.TextChoices):
    INSPECTION = "inspection", _("检查表")
    INTERVIEW = "interview", _("谈话提纲")
