"""Statistics reports submitted level by level (逐级上报).

A `StatReport` is one unit's (an agency's region) statistics form for a campaign and period. As
a draft its figures are live; submitted, they are frozen as a snapshot with its SHA-256 and the
Excel file, so later records change nothing. The upper level returns it (退回, with a reason) or
accepts it; every submission is kept as a `StatReportVersion`, and every step is in the audit
history. An upper level's own report sums its sub-units' submitted figures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.choices import StatForm
from campaigns.models import private_storage
from enterprises.scoping import NOTHING


class StatReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已上报")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已审核")


class StatReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> StatReportQuerySet:
        """A unit sees its own reports and its sub-units' (its region's subtree); enterprise users,
        experts and the anonymous none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if getattr(user, "is_official", False):
            return self.filter(region_path__startswith=user.agency.region.path)
        return self.filter(NOTHING)


class StatReport(models.Model):
    """One unit's statistics form (统计报表) for a campaign and a period."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项行动"), on_delete=models.PROTECT, related_name="stat_reports"
    )
    form = models.CharField(_("报表"), max_length=16, choices=StatForm.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("填报单位区划"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField(max_length=400, editable=False, db_index=True)
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("填报单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("统计期"), max_length=10, help_text=_("YYYY-MM，或 total（累计）"))
    period_start = models.DateField(_("起始日期"), null=True, blank=True)
    period_end = models.DateField(_("截止日期"))
    submission = models.ForeignKey(
        "campaigns.Submission",
        verbose_name=_("报送"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stat_reports",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=StatReportStatus.choices, default=StatReportStatus.DRAFT, editable=False
    )
    remark = models.TextField(_("情况说明"), blank=True)
    snapshot = models.JSONField(_("上报时的数据"), null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(_("数据摘要（SHA-256）"), max_length=64, blank=True, editable=False)
    file = models.FileField(_("报表文件"), storage=private_storage, upload_to="stat_reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_reason = models.TextField(_("退回理由"), blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = StatReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("统计报表")
        verbose_name_plural = _("统计报表")
        ordering = ["-period_end", "region_path", "form"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "form", "region", "period"], name="stat_report_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} · {self.region} · {self.period}"

    def save(self, *args, **kwargs) -> None:
        self.region_path = self.region.path
        super().save(*args, **kwargs)

    @property
    def frozen(self) -> bool:
        return self.status in (StatReportStatus.SUBMITTED, StatReportStatus.ACCEPTED)


class StatReportVersion(models.Model):
    """One submission of a report, kept for good: the figures, their SHA-256, and what the upper
    level decided (returned with a reason, or accepted)."""

    report = models.ForeignKey(StatReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("次序"))
    snapshot = models.JSONField(_("上报时的数据"))
    snapshot_sha256 = models.CharField(_("数据摘要（SHA-256）"), max_length=64)
    remark = models.TextField(_("情况说明"), blank=True)
    submitted_at = models.DateTimeField(_("上报时间"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("审核结果"), max_length=16, blank=True)
    outcome_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("统计报表上报记录")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="stat_report_version_unique")]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExportJobQuerySet:
        """A job and its file belong to the user who asked: anyone else, even of the same agency, gets 404."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class ExportJob(models.Model):
    """One export (下载中心): the list, its filters, the status and progress the page polls, the file."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(_("导出内容"), max_length=20)
    format = models.CharField(_("格式"), max_length=8, default="xlsx")
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    description = models.CharField(_("筛选条件说明"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    total = models.PositiveIntegerField(_("总行数"), null=True, blank=True)
    done = models.PositiveIntegerField(_("已完成行数"), default=0)
    error = models.TextField(_("失败原因"), blank=True)
    file = models.FileField(_("文件"), storage=private_storage, upload_to="exports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"))

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="export_status_created_idx")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_status_display()}"

    @property
    def progress_percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(self.done * 100 / self.total))


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")


class BulletinKind(models.TextChoices):
    RANKING = "ranking", _("工作通报（打分排队）")
    EXPOSURE = "exposure", _("重大隐患和黑名单曝光")


class BulletinQuerySet(models.QuerySet):
    def visible_to(self, user) -> BulletinQuerySet:
        """A unit sees its own and its sub-units' bulletins, and the issued bulletins of the units
        above it (they are published to the sub-units' home pages)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if not getattr(user, "is_official", False):
            return self.filter(NOTHING)
        path = user.agency.region.path
        prefixes = [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]
        return self.filter(
            models.Q(region_path__startswith=path) | models.Q(region_path__in=prefixes, status=BulletinStatus.ISSUED)
        )


class Bulletin(models.Model):
    """A bulletin (通报) of a unit for a campaign and period: the sub-units ranked by a weighted
    score, charts, overdue major hazards and late units; or the seed-002 quarterly exposure of major
    hazards and blacklisted enterprises. A draft until issued; issued, it is frozen with its hash."""

    kind = models.CharField(_("类型"), max_length=16, choices=BulletinKind.choices, default=BulletinKind.RANKING)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("通报单位区划"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField(max_length=400, editable=False, db_index=True)
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("通报单位"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("统计期"), max_length=10)
    doc_number = models.CharField(_("文号"), max_length=80, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=16, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT, editable=False
    )
    snapshot = models.JSONField(_("印发时的内容"), null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(_("内容摘要（SHA-256）"), max_length=64, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="bulletins/%Y/%m/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.region_path = self.region.path
        super().save(*args, **kwargs)
