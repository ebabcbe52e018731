"""Checklist templates (检查表): a versioned template of sections and items.

A version used by any inspection is immutable: a change is a new version (domain.md, Objects).
Whether a version is in use is asked of the apps that use templates through `usage` (a registry
filled by the apps above, so that this app imports none of them).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.models import Industry

from . import usage
from .choices import AnswerKind, HazardLevel, TemplateKind


class ChecklistTemplateQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChecklistTemplateQuerySet:
        """Templates are shared reference content (issued top-down, seed 000), not enterprise data:
        every logged-in user may read them; writes are checked by the services."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self

    def latest_versions(self) -> ChecklistTemplateQuerySet:
        newer = ChecklistTemplate.objects.filter(code=models.OuterRef("code"), version__gt=models.OuterRef("version"))
        return self.exclude(models.Exists(newer))


class ChecklistTemplate(models.Model):
    """A versioned checklist; a version used by any inspection is immutable (edit → new version)."""

    code = models.CharField(_("编码"), max_length=80)
    version = models.PositiveIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=TemplateKind.choices, default=TemplateKind.INSPECTION)
    description = models.TextField(_("说明"), blank=True)
    source_seed = models.CharField(_("来源文件"), max_length=8, blank=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("上一版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The agency that drew the checklist up (empty: issued content such as the seeds, revisable by
    # any writing official). Only officials whose jurisdiction contains it may revise it.
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("制定部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（v{self.version}）"

    def in_use(self) -> bool:
        """Used by any inspection (as its template or through an answer): then immutable."""
        return bool(self.pk) and usage.template_in_use(self.pk)

    def guard_immutable(self) -> None:
        if self.in_use():
            raise DomainError(
                _("检查表「%(n)s」第 %(v)d 版已被检查使用，不能修改；请修订生成新版本。")
                % {"n": self.name, "v": self.version},
                field="template",
            )

    def save(self, *args, **kwargs) -> None:
        self.guard_immutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.guard_immutable()
        return super().delete(*args, **kwargs)


class ChecklistSection(models.Model):
    """A section of a checklist (seed 003: area / content), optionally with a lead department."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("顺序"), default=0)
    title = models.CharField(_("标题"), max_length=300)
    lead_department = models.CharField(_("牵头部门"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("检查表分节")
        ordering = ["template", "order"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.template.guard_immutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.template.guard_immutable()
        return super().delete(*args, **kwargs)


class ChecklistItem(models.Model):
    """One checkable item: its text, legal basis, answer kind and the hazard level failing it implies."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(ChecklistSection, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("顺序"), default=0)
    number = models.CharField(_("序号"), max_length=20, blank=True)
    text = models.TextField(_("检查内容"))
    legal_basis = models.TextField(_("依据"), blank=True)
    industries = models.ManyToManyField(Industry, verbose_name=_("适用行业"), blank=True, related_name="+")
    answer_kind = models.CharField(
        _("回答方式"), max_length=16, choices=AnswerKind.choices, default=AnswerKind.COMPLIANCE
    )
    photo_required = models.BooleanField(_("需拍照"), default=False)
    hazard_level = models.CharField(_("不符合时隐患等级"), max_length=8, choices=HazardLevel.choices, blank=True)
    major_criterion = models.BooleanField(_("重大事故隐患判定标准条目"), default=False)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["template", "section__order", "order"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:40]}"

    def save(self, *args, **kwargs) -> None:
        self.template.guard_immutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.template.guard_immutable()
        return super().delete(*args, **kwargs)

    @property
    def implied_hazard_level(self) -> str:
        """The level of the hazard a failing answer creates: a major-hazard criterion is always 重大."""
        if self.major_criterion:
            return HazardLevel.MAJOR
        return self.hazard_level or HazardLevel.GENERAL
