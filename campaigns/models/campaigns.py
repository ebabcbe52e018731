"""A campaign (专项行动) from its notice: scope, period, phases, targets, tasks and their progress."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Region
from enterprises.scoping import NOTHING

from ..choices import (
    CampaignKind,
    Indicator,
    TaskStatus,
)


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
        "checklists.ChecklistTemplate", verbose_name=_("检查表"), blank=True, related_name="campaigns"
    )
    source_seed = models.CharField(_("来源文件"), max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Inspection-group rules; the defaults are seed 000's (每组4-6人，组长1名、副组长2名；
    # 每月巡查两次，到企业巡查工作时间为3-5天). Configurable per campaign.
    group_min_size = models.PositiveSmallIntegerField(_("巡查组最少人数"), default=4)
    group_max_size = models.PositiveSmallIntegerField(_("巡查组最多人数"), default=6)
    group_leaders = models.PositiveSmallIntegerField(_("组长人数"), default=1)
    group_deputies = models.PositiveSmallIntegerField(_("副组长人数"), default=2)
    visits_per_month = models.PositiveSmallIntegerField(_("每月巡查次数"), default=2)
    visit_days_min = models.PositiveSmallIntegerField(_("每次在企业最少天数"), default=3)
    visit_days_max = models.PositiveSmallIntegerField(_("每次在企业最多天数"), default=5)
    # 通报 (seed 004 "打分排队并进行定期通报"): the weights of the sub-units' score, in points.
    score_coverage = models.PositiveSmallIntegerField(_("检查覆盖率权重"), default=30)
    score_rectification = models.PositiveSmallIntegerField(_("隐患整改率权重"), default=30)
    score_major_closed = models.PositiveSmallIntegerField(_("重大隐患销号率权重"), default=20)
    score_timeliness = models.PositiveSmallIntegerField(_("按时报送率权重"), default=20)

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

    def current_phase(self, day=None):
        """The phase whose dates contain `day` (default today), following the calendar."""
        day = day or timezone.localdate()
        for phase in self.phases.all():
            if phase.start <= day <= phase.end:
                return phase
        return None

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


def private_storage() -> FileSystemStorage:
    """Files outside the web root, served only through permission-checked views."""
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT)


class Phase(models.Model):
    """An ordered phase of a campaign (e.g. seed 004: 部署发动 → 企业自查自纠 → … → 回头看)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("阶段名称"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    description = models.TextField(_("工作内容"), blank=True)

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["campaign", "order", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="phase_end_after_start")]

    def __str__(self) -> str:
        return self.name

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.start <= day <= self.end


class Target(models.Model):
    """A work target (工作目标): an indicator computed from data, or unquantified (indicator blank)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("目标"), max_length=300)
    indicator = models.CharField(_("指标"), max_length=40, choices=Indicator.choices, blank=True)
    target_value = models.DecimalField(_("目标值（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    key_industries_only = models.BooleanField(
        _("仅重点行业领域企业"), default=False, help_text=_("目标写明“重点行业领域”时只统计重点行业企业。")
    )

    class Meta:
        verbose_name = _("工作目标")
        verbose_name_plural = _("工作目标")
        ordering = ["campaign", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A task (任务分工) with a lead agency, cooperating agencies, a deadline and a status.

    Seeds name departments as text; `lead_name` keeps the text, `lead_agency` the matched agency
    whose officials may update the status.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("任务"), max_length=300)
    description = models.TextField(_("内容"), blank=True)
    lead_name = models.CharField(_("牵头单位"), max_length=200, blank=True)
    lead_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    cooperating_names = models.JSONField(_("配合单位"), default=list, blank=True)
    cooperating_agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name=_("配合部门"), blank=True, related_name="cooperating_tasks"
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    progress = models.CharField(
        _("进展"),
        max_length=16,
        choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.OVERDUE],
        default=TaskStatus.NOT_STARTED,
    )
    note = models.TextField(_("进展说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["campaign", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        """Derived: 已完成 as set; 逾期 when the deadline passed unfinished; else the stored progress."""
        if self.progress == TaskStatus.DONE:
            return TaskStatus.DONE
        if self.deadline and self.deadline < timezone.localdate():
            return TaskStatus.OVERDUE
        return self.progress

    def get_status_display(self) -> str:
        return TaskStatus(self.status).label

    @property
    def lead_display(self) -> str:
        return str(self.lead_agency) if self.lead_agency_id else self.lead_name

    @property
    def cooperating_display(self) -> list[str]:
        """The cooperating units named as text, then the matched agencies not already named."""
        names = [n for n in self.cooperating_names if n]
        names += [str(a) for a in self.cooperating_agencies.all() if str(a) not in names and a.name not in names]
        return names


class TaskProgress(models.Model):
    """One progress report of a task by its lead agency: kept, never overwritten (the task's history)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_entries")
    progress = models.CharField(
        _("进展"), max_length=16, choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.OVERDUE]
    )
    note = models.TextField(_("进展说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("填报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_progress_display()}"


class TaskAttachment(models.Model):
    """A file attached to a task by its lead agency (stored privately)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), storage=private_storage, upload_to="campaign_tasks/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("任务附件")

    def __str__(self) -> str:
        return self.original_name
