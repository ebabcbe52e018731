"""Campaigns (专项行动), checklist templates (检查表) and inspection groups (巡查组).

The fields here are the contract other apps rely on (inspections, hazards, reports): add
fields freely, do not rename or remove these.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Region
from core.scoping import NOTHING

from .choices import AnswerKind, CampaignKind, GroupRole, HazardLevel, TemplateKind


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        """Officials: campaigns of their region's subtree and of the regions above them (parents).
        Enterprise users: campaigns whose scope covers their enterprise. Experts: campaigns of
        groups they belong to."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if user.is_official:
            path = user.agency.region.path
            ancestors = [p for p in _prefixes(path)]
            return self.filter(Q(region_path__startswith=path) | Q(region_path__in=ancestors))
        if user.is_enterprise_user:
            enterprise = user.enterprise
            industry_paths = list(enterprise.industries.values_list("path", flat=True))
            industry_q = Q(industries__isnull=True)
            for p in industry_paths:
                industry_q |= Q(industries__path__in=list(_prefixes(p)))
            return self.filter(region_path__in=list(_prefixes(enterprise.region_path))).filter(industry_q).distinct()
        if user.is_expert:
            return self.filter(groups__members__user=user).distinct()
        return self.filter(NOTHING)


def _prefixes(path: str):
    """ "450000/450100/450102/" → "450000/", "450000/450100/", "450000/450100/450102/"."""
    parts = [p for p in path.split("/") if p]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i]) + "/"


class Campaign(models.Model):
    """A campaign from a notice: document number, scope (region subtree × industries), period."""

    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    issue_date = models.DateField(_("发文日期"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=24, choices=CampaignKind.choices, default=CampaignKind.SPECIAL)
    region = models.ForeignKey(Region, verbose_name=_("范围：区划"), on_delete=models.PROTECT, related_name="campaigns")
    region_path = models.CharField(max_length=400, editable=False, db_index=True)
    industries = models.ManyToManyField(
        Industry,
        verbose_name=_("范围：行业领域"),
        blank=True,
        related_name="campaigns",
        help_text=_("留空表示全部行业。"),
    )
    period_start = models.DateField(_("开始日期"), null=True, blank=True)
    period_end = models.DateField(_("结束日期"), null=True, blank=True)
    summary = models.TextField(_("总体要求"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级专项行动"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checklists = models.ManyToManyField(
        "ChecklistTemplate", verbose_name=_("检查表"), blank=True, related_name="campaigns"
    )
    source_seed = models.CharField(_("来源文件"), max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        ordering = ["-issue_date", "-id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title

    def save(self, *args, **kwargs) -> None:
        self.region_path = self.region.path
        super().save(*args, **kwargs)

    def enterprises_in_scope(self, user=None):
        """The enterprises in scope, derived from the registry (never typed in); scoped to `user` if given."""
        from enterprises.models import Enterprise

        qs = Enterprise.objects.all() if user is None else Enterprise.objects.visible_to(user)
        qs = qs.filter(region_path__startswith=self.region_path)
        roots = list(self.industries.all())
        if roots:
            q = Q()
            for root in roots:
                q |= Q(path__startswith=root.path)
            ids = Industry.objects.filter(q).values("id")
            through = Enterprise.industries.through
            qs = qs.filter(pk__in=through.objects.filter(industry_id__in=ids).values("enterprise_id"))
        return qs


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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（v{self.version}）"


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

    @property
    def implied_hazard_level(self) -> str:
        """The level of the hazard a failing answer creates: a major-hazard criterion is always 重大."""
        if self.major_criterion:
            return HazardLevel.MAJOR
        return self.hazard_level or HazardLevel.GENERAL


class InspectionGroup(models.Model):
    """An inspection/patrol group (巡查组) of a campaign: leader, deputies, members, experts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("名称"), max_length=100)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("巡查组")
        verbose_name_plural = _("巡查组")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(InspectionGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_memberships")
    role = models.CharField(_("职务"), max_length=8, choices=GroupRole.choices)

    class Meta:
        verbose_name = _("巡查组成员")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="group_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"
