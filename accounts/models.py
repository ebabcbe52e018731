"""Agencies (监管部门) and users: officials of an agency, enterprise users, outside experts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Region

from .choices import AgencyKind, NotificationKind, OfficialRole, UserKind


class Agency(models.Model):
    """A supervising agency at one level of the region tree.

    It supervises the industries listed (and their sub-industries), or every industry when
    `comprehensive` (the emergency-management bureau's 综合监管, "三管三必须").
    """

    name = models.CharField(_("部门名称"), max_length=100)
    kind = models.CharField(_("部门类型"), max_length=32, choices=AgencyKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="agencies")
    industries = models.ManyToManyField(Industry, verbose_name=_("监管行业"), blank=True, related_name="agencies")
    comprehensive = models.BooleanField(_("综合监管"), default=False, help_text=_("综合监管部门可见辖区内全部行业。"))
    parent = models.ForeignKey(
        "self", verbose_name=_("上级部门"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        verbose_name = _("监管部门")
        verbose_name_plural = _("监管部门")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="agency_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.region.level

    def industry_ids(self) -> set[int] | None:
        """Ids of every supervised industry including sub-industries; None = all industries."""
        if self.comprehensive:
            return None
        roots = list(self.industries.all())
        if not roots:
            return set()
        query = models.Q()
        for root in roots:
            query |= models.Q(path__startswith=root.path)
        return set(Industry.objects.filter(query).values_list("id", flat=True))


class User(AbstractUser):
    """A person who logs in: an official of one agency, a user of one enterprise, or an expert."""

    kind = models.CharField(_("用户类型"), max_length=16, choices=UserKind.choices, default=UserKind.OFFICIAL)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("部门角色"), max_length=16, choices=OfficialRole.choices, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所属企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    cert_number = models.CharField(_("执法证号"), max_length=50, blank=True)
    cert_valid_until = models.DateField(_("执法证有效期至"), null=True, blank=True)
    specialties = models.ManyToManyField(Industry, verbose_name=_("专家专业领域"), blank=True, related_name="experts")
    in_expert_pool = models.BooleanField(_("入选专家库"), default=False)
    organisation = models.CharField(_("工作单位"), max_length=100, blank=True)
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("管理员设置的初始密码：首次登录后须先修改密码才能使用平台。")
    )
    managed_by = models.ForeignKey(
        Agency,
        verbose_name=_("管理部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_users",
        help_text=_("开设和管理此账号的部门（外部专家按此确定由哪些管理员管理）。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()

    def clean(self) -> None:
        errors = {}
        if self.kind == UserKind.OFFICIAL and not self.is_superuser:
            if not self.agency_id:
                errors["agency"] = _("监管人员必须属于一个部门。")
            if not self.role:
                errors["role"] = _("监管人员必须有部门角色。")
        if self.kind == UserKind.ENTERPRISE and not self.enterprise_id:
            errors["enterprise"] = _("企业用户必须关联一家企业。")
        if self.kind != UserKind.ENTERPRISE and self.enterprise_id:
            errors["enterprise"] = _("只有企业用户可以关联企业。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_official(self) -> bool:
        return self.kind == UserKind.OFFICIAL and self.agency_id is not None

    @property
    def is_enterprise_user(self) -> bool:
        return self.kind == UserKind.ENTERPRISE and self.enterprise_id is not None

    @property
    def is_expert(self) -> bool:
        return self.kind == UserKind.EXPERT

    def has_valid_enforcement_cert(self, on=None) -> bool:
        """执法证: a number and an expiry not yet passed (on the given date, default today)."""
        day = on or timezone.localdate()
        return bool(self.cert_number) and self.cert_valid_until is not None and self.cert_valid_until >= day


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        """A notification is seen by its recipient only (a superuser too sees only their own)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message (消息) to one user about one event: a reminder (催报, 催办), an escalation, a review
    waiting for them, an outcome (验收通过, 退回) or a bulletin. It is shown in the notification centre
    and sent by the other channels (email) after commit; `key` names the event, so the same event
    never notifies the same person twice."""

    recipient = models.ForeignKey(
        User, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    key = models.CharField(_("事件标识"), max_length=200)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("邮件发送次数"), default=0)
    email_error = models.CharField(_("邮件发送错误"), max_length=500, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            # the unread badge: one index-only count per page
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"
            ),
            # the email sweeper: rows not yet handed to the email backend
            models.Index(
                fields=["created_at"], condition=models.Q(emailed_at__isnull=True), name="notification_unsent_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
