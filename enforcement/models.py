"""Enforcement actions (执法措施), blacklist entries with their early-removal applications, publications (曝光).

Their states change only in enforcement/services/. The enterprise-data querysets are scoped by
jurisdiction (enterprises.scoping); a publication is public by design and carries its own snapshot.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.scoping import ScopedQuerySet

from .choices import BlacklistStatus, EnforcementKind, EnforcementStatus, PublicationKind, RemovalApplicationStatus


class EnforcementQuerySet(ScopedQuerySet):
    enterprise_field = "enterprise"

    def visible_to(self, user) -> EnforcementQuerySet:
        """Officials see every action in their jurisdiction; an enterprise sees its actions only once
        they take effect: a major decision awaiting 法制审核, or refused by it, is an internal draft
        (a fine of 80,000 元 still 待法制审核 is not yet a decision). Pages, API and exports all
        start here."""
        qs = super().visible_to(user)
        if getattr(user, "is_enterprise_user", False) and not user.is_superuser:
            qs = qs.filter(status=EnforcementStatus.EFFECTIVE)
        return qs


class EnforcementAction(models.Model):
    """An enforcement measure (执法措施) on an inspection or hazard; major ones need legal review."""

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("执法部门"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="enforcement_actions"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hazard = models.ForeignKey(
        "hazards.Hazard",
        verbose_name=_("隐患"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enforcement",
    )
    kind = models.CharField(_("措施类型"), max_length=16, choices=EnforcementKind.choices)
    description = models.TextField(_("事实与理由"))
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    doc_number = models.CharField(_("文书编号"), max_length=80, blank=True)
    amount = models.DecimalField(_("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("截止日期"), null=True, blank=True)
    major = models.BooleanField(_("重大执法决定"), default=False, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=EnforcementStatus.choices, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("法制审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    effective_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    objects = EnforcementQuerySet.as_manager()

    class Meta:
        verbose_name = _("执法措施")
        verbose_name_plural = _("执法措施")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.enterprise}"

    @property
    def effective(self) -> bool:
        """An action has effect only once effective (a major one: after legal approval)."""
        return self.status == EnforcementStatus.EFFECTIVE


class BlacklistQuerySet(ScopedQuerySet):
    enterprise_field = "enterprise"

    def in_force(self) -> BlacklistQuerySet:
        return self.filter(status=BlacklistStatus.LISTED)


class BlacklistEntry(models.Model):
    """An enterprise's passage through the 严重失信主体名单: notice, listing, removal or expiry."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="blacklist_entries"
    )
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("列入部门"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("列入事由"))
    legal_basis = models.CharField(_("法律依据"), max_length=300)
    status = models.CharField(_("状态"), max_length=16, choices=BlacklistStatus.choices, editable=False)
    noticed_on = models.DateField(_("告知日期"))
    objection_until = models.DateField(_("陈述申辩截止"))
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    term_until = models.DateField(_("期满日期"), null=True, blank=True)
    ended_on = models.DateField(_("移出日期"), null=True, blank=True)
    credit_repair = models.TextField(_("信用修复情况"), blank=True)
    end_reason = models.TextField(_("移出/撤销理由"), blank=True)
    objection = models.TextField(_("企业陈述申辩"), blank=True)
    objected_at = models.DateTimeField(_("申辩时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = BlacklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("黑名单记录")
        verbose_name_plural = _("黑名单记录")
        ordering = ["-noticed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_status_display()}"

    @property
    def removal_possible_from(self) -> datetime.date | None:
        """The first day early removal may be applied for: BLACKLIST_MIN_DAYS_BEFORE_REMOVAL after listing."""
        if self.listed_on is None:
            return None
        return self.listed_on + datetime.timedelta(days=settings.BLACKLIST_MIN_DAYS_BEFORE_REMOVAL)

    @property
    def latest_removal_application(self) -> BlacklistRemovalApplication | None:
        """The newest application for early removal (uses a prefetch of removal_applications when present)."""
        return next(iter(self.removal_applications.all()), None)

    @property
    def pending_removal_application(self) -> BlacklistRemovalApplication | None:
        latest = self.latest_removal_application
        return latest if latest and latest.status == RemovalApplicationStatus.PENDING else None


class RemovalApplicationQuerySet(ScopedQuerySet):
    enterprise_field = "entry__enterprise"


class BlacklistRemovalApplication(models.Model):
    """An enterprise's application for early removal from the list (信用修复), and the agency's decision.

    At most one is pending per entry; approved and refused ones stay as the record of what was asked.
    """

    entry = models.ForeignKey(BlacklistEntry, on_delete=models.PROTECT, related_name="removal_applications")
    credit_repair = models.TextField(_("信用修复情况"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=RemovalApplicationStatus.choices,
        default=RemovalApplicationStatus.PENDING,
        editable=False,
    )
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予移出理由"), blank=True)

    objects = RemovalApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("提前移出申请")
        verbose_name_plural = _("提前移出申请")
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(status="pending"),
                name="blacklist_one_pending_removal_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} · {self.get_status_display()}"


class Publication(models.Model):
    """One entry an agency chose to publish (曝光) on the public disclosure page.

    The public text is a snapshot taken when publishing, so the page never reaches into
    scoped data and shows exactly what was published.
    """

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("发布部门"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=PublicationKind.choices)
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    summary = models.TextField(_("公开内容"))
    hazard = models.ForeignKey("hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    blacklist_entry = models.ForeignKey(
        BlacklistEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enforcement_action = models.ForeignKey(
        EnforcementAction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(_("发布日期"), default=timezone.localdate)
    withdrawn = models.BooleanField(_("已撤回"), default=False)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        verbose_name = _("曝光公示")
        verbose_name_plural = _("曝光公示")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.enterprise_name}"
