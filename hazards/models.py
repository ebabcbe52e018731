"""Hazards (隐患) and their rectification loop, their overdue notices and the public's reports (举报).

The fields here are the contract other apps rely on (inspections, enforcement, reports): add fields
freely, do not rename or remove these. Status changes only in hazards/services/.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import EvidenceFile
from enterprises.models import RegionCopy
from enterprises.scoping import NOTHING, ScopedQuerySet

from .choices import (
    HazardCategory,
    HazardLevel,
    HazardSource,
    HazardStatus,
    NoticeStep,
    PublicReportStatus,
    SupervisionLevel,
)


class HazardQuerySet(ScopedQuerySet):
    enterprise_field = "enterprise"

    def overdue(self, on=None) -> HazardQuerySet:
        """Overdue is derived: not closed and past its deadline."""
        day = on or timezone.localdate()
        return self.exclude(status=HazardStatus.CLOSED).filter(deadline__lt=day)

    def listed(self) -> HazardQuerySet:
        """Hazards under 挂牌督办."""
        return self.exclude(listed_level="")


class Hazard(RegionCopy):
    """A hazard found at an enterprise, by an inspection item, a finding, a self-report or the public."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="hazards"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    item = models.ForeignKey(
        "checklists.ChecklistItem",
        verbose_name=_("检查项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    source = models.CharField(_("来源"), max_length=16, choices=HazardSource.choices)
    description = models.TextField(_("隐患描述"))
    location = models.CharField(_("部位"), max_length=200, blank=True)
    level = models.CharField(_("等级"), max_length=8, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    category = models.CharField(_("类别"), max_length=8, choices=HazardCategory.choices, blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=HazardStatus.choices, default=HazardStatus.REPORTED)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发现人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False, help_text="compare-and-set counter")

    # 五定 (seed 004): responsible person, measures, deadline (above), executor, acceptor.
    responsible_person = models.CharField(_("整改责任人"), max_length=50, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    executor = models.CharField(_("整改执行人"), max_length=50, blank=True)
    acceptor = models.CharField(_("验收人"), max_length=50, blank=True)
    # 五到位 of a major hazard: measures (above), responsibility, funds, deadline (above), plan.
    responsibility = models.TextField(_("责任落实"), blank=True)
    funds_planned = models.DecimalField(_("整改资金（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    contingency_plan = models.TextField(_("应急预案"), blank=True)
    # 双报告: reported to the supervising department and to the workers' congress.
    reported_to_department_on = models.DateField(_("报告监管部门日期"), null=True, blank=True)
    reported_to_congress_on = models.DateField(_("报告职代会日期"), null=True, blank=True)
    funds_spent = models.DecimalField(_("实际投入资金（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    rectified_immediately = models.BooleanField(_("立即整改"), default=False)
    # 挂牌督办
    listed_level = models.CharField(_("挂牌督办级别"), max_length=16, choices=SupervisionLevel.choices, blank=True)
    listed_doc_number = models.CharField(_("督办文号"), max_length=80, blank=True)
    listed_on = models.DateField(_("挂牌日期"), null=True, blank=True)
    listed_by = models.ForeignKey(
        "accounts.Agency", verbose_name=_("挂牌部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="hazard_status_deadline_idx"),
            models.Index(fields=["enterprise", "status"], name="hazard_enterprise_status_idx"),
            models.Index(fields=["campaign", "status", "level"], name="hazard_campaign_idx"),
            # The list order; with the jurisdiction first: hazard_region_found_idx (migration 0003).
            models.Index(fields=["found_at", "id"], name="hazard_found_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.description[:30]}"

    def save(self, *args, **kwargs) -> None:
        """Saved together with the hazard rollup the statistics read (hazards/rollup.py)."""
        from .rollup import tracking

        with tracking(self, kwargs.get("update_fields")):
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from .rollup import untrack

        with transaction.atomic():
            untrack(self)
            return super().delete(*args, **kwargs)

    @property
    def overdue(self) -> bool:
        return self.status != HazardStatus.CLOSED and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def listed(self) -> bool:
        return bool(self.listed_level)

    @property
    def is_major(self) -> bool:
        return self.level == HazardLevel.MAJOR

    @property
    def major_plan_complete(self) -> bool:
        """五到位 and 双报告 recorded (needed before a major hazard starts rectifying)."""
        return bool(
            self.responsibility
            and self.funds_planned is not None
            and self.contingency_plan
            and self.reported_to_department_on
            and self.reported_to_congress_on
        )


class HazardChildQuerySet(ScopedQuerySet):
    enterprise_field = "hazard__enterprise"


class RectificationSubmission(models.Model):
    """One submission of rectification by the enterprise (description, funds, after-photos)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="submissions")
    description = models.TextField(_("整改情况"))
    funds_spent = models.DecimalField(_("投入资金（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    immediate = models.BooleanField(_("立即整改"), default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改提交")
        verbose_name_plural = _("整改提交")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.hazard_id} · {self.submitted_at:%Y-%m-%d}"


class HazardEvidence(EvidenceFile):
    """A photo or document of a hazard: before (when found) or after (with a rectification)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="evidence")
    submission = models.ForeignKey(
        RectificationSubmission, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    after = models.BooleanField(_("整改后"), default=True)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("隐患照片")
        verbose_name_plural = _("隐患照片")


class HazardNotice(models.Model):
    """An overdue escalation step sent once per (hazard, step): 1 the enterprise, 2 the agency."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="notices")
    step = models.PositiveSmallIntegerField(_("步骤"), choices=NoticeStep.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT)
    message = models.TextField(_("内容"))
    sent_on = models.DateField(_("发送日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("逾期督办通知")
        verbose_name_plural = _("逾期督办通知")
        ordering = ["hazard_id", "step"]
        constraints = [models.UniqueConstraint(fields=["hazard", "step"], name="hazard_notice_once_per_step")]

    def __str__(self) -> str:
        return f"{self.hazard_id} · {self.get_step_display()}"


class PublicReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> PublicReportQuerySet:
        """A public report is seen by the officials of the agency it was routed to."""
        if not getattr(user, "is_authenticated", False):
            return self.filter(NOTHING)
        if user.is_superuser:
            return self
        if getattr(user, "is_official", False):
            return self.filter(agency_id=user.agency_id)
        return self.filter(NOTHING)


class PublicReport(models.Model):
    """A hazard reported by the public (举报) without an account, followed by its tracking number."""

    tracking_number = models.CharField(_("查询编号"), max_length=20, unique=True)
    description = models.TextField(_("举报内容"))
    location = models.CharField(_("地点"), max_length=200)
    region = models.ForeignKey("core.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT)
    industry = models.ForeignKey("core.Industry", verbose_name=_("行业领域"), on_delete=models.PROTECT)
    enterprise_name = models.CharField(_("涉及单位"), max_length=200, blank=True)
    contact = models.CharField(_("联系方式（选填）"), max_length=100, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("受理部门"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=PublicReportStatus.choices, default=PublicReportStatus.SUBMITTED
    )
    hazard = models.ForeignKey(Hazard, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reply = models.TextField(_("处理意见"), blank=True)
    created_at = models.DateTimeField(_("举报时间"), default=timezone.now)

    objects = PublicReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众举报")
        verbose_name_plural = _("群众举报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.tracking_number


class PublicReportPhoto(EvidenceFile):
    """The photo a member of the public attached to a report."""

    report = models.ForeignKey(PublicReport, on_delete=models.PROTECT, related_name="photos")

    class Meta:
        verbose_name = _("举报照片")
        verbose_name_plural = _("举报照片")


from .models_rollup import HazardRollup  # noqa: E402, F401  (the rollup lives in its own module)
