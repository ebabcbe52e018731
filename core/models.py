"""Regions (行政区划), industries (行业领域) and the whole-process audit record (全过程留痕)."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import RegionLevel


class TreeQuerySet(models.QuerySet):
    def subtree(self, node) -> TreeQuerySet:
        """The node and everything below it (materialised path prefix)."""
        return self.filter(path__startswith=node.path)


class TreeNode(models.Model):
    """A node of a small, rarely edited tree with a materialised path of codes ("450000/450100/")."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    path = models.CharField(_("路径"), max_length=400, editable=False, db_index=True)

    objects = TreeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = getattr(self, "parent", None)
        if parent is not None and self.pk and parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("上级不能是自身或自身的下级。")})

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        parent = self.parent
        self.path = f"{parent.path if parent else ''}{self.code}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Re-root the subtree (rare: an administrator moved or recoded a node).
            for child in type(self).objects.filter(parent=self):
                child.save()
            self.path_moved(old_path, self.path)

    def path_moved(self, old: str, new: str) -> None:
        """Hook for copies of this node's path kept elsewhere (e.g. Enterprise.region_path)."""

    def ancestors(self) -> list:
        codes = [c for c in self.path.split("/") if c]
        nodes = {n.code: n for n in type(self).objects.filter(code__in=codes)}
        return [nodes[c] for c in codes if c in nodes]

    def is_within(self, other) -> bool:
        return self.path.startswith(other.path)


class Region(TreeNode):
    """An administrative division (GB/T 2260 code), down to township/street and optional grid."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("级别"), max_length=16, choices=RegionLevel.choices)
    grid_officer = models.CharField(_("网格安全员"), max_length=50, blank=True)

    class Meta(TreeNode.Meta):
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def full_name(self) -> str:
        return "".join(r.name for r in self.ancestors())

    def path_moved(self, old: str, new: str) -> None:
        """Keep every copy of a region path in step: by convention, a model with a `region_path`
        field (enterprises, campaigns, submissions …) holds a copy of its region's path, so the
        core needs to know none of them."""
        from django.apps import apps
        from django.db.models import Value
        from django.db.models.functions import Concat, Substr

        for model in apps.get_models():
            if not any(f.name == "region_path" for f in model._meta.concrete_fields):
                continue
            model._base_manager.filter(region_path__startswith=old).update(
                region_path=Concat(Value(new), Substr("region_path", len(old) + 1))
            )


class Industry(TreeNode):
    """An industry/field (行业领域) such as 危险化学品 or 工贸 › 冶金; agencies supervise subtrees."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    high_risk = models.BooleanField(_("高危行业"), default=False)
    key = models.BooleanField(_("重点行业领域"), default=False)

    class Meta(TreeNode.Meta):
        verbose_name = _("行业领域")
        verbose_name_plural = _("行业领域")


class AuditEntry(models.Model):
    """One immutable step of the whole-process record (全过程记录, seed 002 三项制度).

    Entries are only ever inserted (core.audit.audit_record); each carries the SHA-256 of its
    content chained to the previous entry, so editing or deleting a row behind the
    application's back breaks the chain (`manage.py verify_audit`). On PostgreSQL a trigger
    also refuses UPDATE and DELETE.
    """

    created_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=64, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64)
    action = models.CharField(_("动作"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32, blank=True)
    to_state = models.CharField(_("新状态"), max_length=32, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    evidence = models.JSONField(_("证据"), default=list, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("过程记录")
        verbose_name_plural = _("过程记录")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]
        triggers = [pgtrigger.Protect(name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id} {self.action}"


class AuditChainHead(models.Model):
    """A single row locked while appending, so concurrent writers chain one after another."""

    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("记录链头")

    def __str__(self) -> str:
        return self.last_hash
