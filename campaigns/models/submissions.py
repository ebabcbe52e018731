"""Report requirements (报送要求), the due submissions of each unit and period, and 催报 reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.scoping import NOTHING

from ..choices import (
    Recurrence,
    ReminderKind,
    StatForm,
    SubmissionStatus,
    Submitters,
)
from .campaigns import Campaign, private_storage


class ReportRequirement(models.Model):
    """What units must submit and when (报送要求): once by a date, or monthly/quarterly/… recurring."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="report_requirements")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("报送内容"), max_length=300)
    recurrence = models.CharField(_("频次"), max_length=16, choices=Recurrence.choices, default=Recurrence.ONCE)
    due_date = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("一次性报送的截止日期。"))
    day_of_month = models.PositiveSmallIntegerField(
        _("每月报送日"), null=True, blank=True, help_text=_("按月报送的日期（1–31）；不填为月末。")
    )
    submitters = models.CharField(_("报送单位"), max_length=16, choices=Submitters.choices)
    stat_form = models.CharField(
        _("统计报表"),
        max_length=16,
        choices=StatForm.choices,
        blank=True,
        help_text=_("按附件统计报表报送：到期日自动生成各单位的报表草稿。"),
    )

    class Meta:
        verbose_name = _("报送要求")
        verbose_name_plural = _("报送要求")
        ordering = ["campaign", "order", "id"]

    def __str__(self) -> str:
        return self.title


# A submission made by the end of its due day (local time) is on time; after it, late. One definition
# for the bulletins' timeliness score and the campaign dashboard (in Python: `Submission.submitted_late`).
SUBMITTED_ON_TIME = Q(submitted_at__date__lte=F("due_date"))
SUBMITTED_LATE = Q(submitted_at__date__gt=F("due_date"))


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> SubmissionQuerySet:
        """Officials: every submission of campaigns in their region subtree; for campaigns above them,
        the submissions of units in their subtree. Enterprise users: their own enterprise's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if user.is_official:
            from enterprises.scoping import enterprise_scope_q

            path = user.agency.region.path
            agency_rows = Q(agency__isnull=False) & (
                Q(requirement__campaign__region_path__startswith=path) | Q(region_path__startswith=path)
            )
            # An enterprise's report is enterprise data: the usual jurisdiction rule applies.
            enterprise_rows = Q(enterprise__isnull=False) & enterprise_scope_q(user, "enterprise")
            return self.filter(agency_rows | enterprise_rows).filter(
                requirement__campaign__in=Campaign.objects.visible_to(user).values("id")
            )
        if user.is_enterprise_user:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.filter(NOTHING)

    def with_status(self, status: str, day=None) -> SubmissionQuerySet:
        day = day or timezone.localdate()
        if status == SubmissionStatus.SUBMITTED:
            return self.filter(submitted_at__isnull=False)
        if status == SubmissionStatus.OVERDUE:
            return self.filter(submitted_at__isnull=True, due_date__lt=day)
        if status == SubmissionStatus.PENDING:
            return self.filter(submitted_at__isnull=True, due_date__gte=day)
        return self.none()


class Submission(models.Model):
    """One due report (报送) of one unit for one period; status 未报/已报/逾期 is derived."""

    requirement = models.ForeignKey(ReportRequirement, on_delete=models.CASCADE, related_name="submissions")
    unit_key = models.CharField(max_length=30, editable=False)  # "agency:<id>" or "enterprise:<id>"
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="submissions"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.CASCADE, related_name="submissions"
    )
    region_path = models.CharField(max_length=400, editable=False, db_index=True)
    period_label = models.CharField(_("期次"), max_length=40)
    due_date = models.DateField(_("截止日期"))
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("报送内容"), blank=True)
    file = models.FileField(_("附件"), storage=private_storage, upload_to="campaign_submissions/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("报送")
        verbose_name_plural = _("报送")
        ordering = ["due_date", "unit_key"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "unit_key", "due_date"], name="submission_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.requirement} · {self.unit_name} · {self.period_label}"

    @property
    def unit_name(self) -> str:
        return str(self.agency or self.enterprise or "")

    @property
    def status(self) -> str:
        if self.submitted_at:
            return SubmissionStatus.SUBMITTED
        if self.due_date < timezone.localdate():
            return SubmissionStatus.OVERDUE
        return SubmissionStatus.PENDING

    def get_status_display(self) -> str:
        return SubmissionStatus(self.status).label

    @property
    def submitted_late(self) -> bool:
        return bool(self.submitted_at) and timezone.localdate(self.submitted_at) > self.due_date


class SubmissionReminder(models.Model):
    """A reminder (催报) sent to the unit that owes a submission not yet made (未报/逾期).

    Manual reminders are sent by an official of the campaign; automatic ones by the daily job
    (`sent_by` empty). At most one of each kind per submission per day: `sent_on` is the local day,
    so the constraint makes the daily job idempotent and stops an official reminding twice a day.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("方式"), max_length=16, choices=ReminderKind.choices, default=ReminderKind.MANUAL)
    sent_at = models.DateTimeField(_("催报时间"), default=timezone.now)
    sent_on = models.DateField(_("催报日期"), editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("催报说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("催报")
        verbose_name_plural = _("催报")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind", "sent_on"], name="submission_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.get_kind_display()} · {self.sent_on}"

    def save(self, *args, **kwargs) -> None:
        if self.sent_on is None:
            self.sent_on = timezone.localdate(self.sent_at)
        super().save(*args, **kwargs)
