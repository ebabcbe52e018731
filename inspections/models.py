"""Inspections (检查): self-inspections, enforcement checks, patrols, spot-checks, look-backs.

The fields here are the contract other apps rely on (hazards, reports): add fields freely,
do not rename or remove these.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from checklists.choices import HazardLevel
from core.uploads import EvidenceFile
from enterprises.models import RegionCopy
from enterprises.scoping import NOTHING, enterprise_scope_q, is_writer

from .choices import AnswerResult, InspectionKind, InspectionMethod, InspectionStatus


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InspectionQuerySet:
        """Officials: inspections of enterprises in their jurisdiction. Enterprise users: their own
        self-inspections, and other inspections of their enterprise once started. Experts: inspections
        of groups they belong to or that name them as inspectors."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser or user.is_official:
            return self.filter(enterprise_scope_q(user, "enterprise", own_region_path=True))
        if user.is_enterprise_user:
            # Their own self-inspections, and official inspections once they have started: a planned
            # inspection - above all an unannounced (四不两直) one - stays invisible until then.
            hidden = Q(status=InspectionStatus.PLANNED) & ~Q(kind=InspectionKind.SELF)
            return self.filter(enterprise_id=user.enterprise_id).exclude(hidden)
        if user.is_expert:
            return self.filter(Q(inspectors=user) | Q(group__members__user=user)).distinct()
        return self.filter(NOTHING)

    def restrict(self, user, action: str = "view") -> InspectionQuerySet:
        """Rows the user may act on. Writes: officials who inspect (not legal reviewers), enterprise
        users on their own self-inspections, experts on inspections naming them. Finer rules
        (who may fill, review) are checked by the services."""
        visible = self.visible_to(user)
        if action == "view" or user.is_superuser:
            return visible
        if user.is_official:
            return visible if user.role in ("admin", "inspector", "leader") else visible.filter(NOTHING)
        if user.is_enterprise_user:
            return visible.filter(kind=InspectionKind.SELF)
        if user.is_expert:
            return visible
        return visible.filter(NOTHING)


class Inspection(RegionCopy):
    """One inspection of one enterprise, against a checklist version, by a kind and a method."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("检查类型"), max_length=16, choices=InspectionKind.choices)
    method = models.CharField(
        _("检查方式"), max_length=16, choices=InspectionMethod.choices, default=InspectionMethod.PLANNED
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    template = models.ForeignKey(
        "checklists.ChecklistTemplate",
        verbose_name=_("检查表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("检查部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    group = models.ForeignKey(
        "campaigns.InspectionGroup",
        verbose_name=_("巡查组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), blank=True, related_name="inspections"
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("回头看的原检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="look_backs",
    )
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    planned_end = models.DateField(_("计划结束"), null=True, blank=True)
    actual_start = models.DateTimeField(_("实际开始"), null=True, blank=True)
    actual_end = models.DateTimeField(_("实际结束"), null=True, blank=True)
    conclusion = models.TextField(_("检查结论"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    doc_number = models.CharField(_("文书编号"), max_length=60, blank=True)
    interviewee_name = models.CharField(_("谈话对象姓名"), max_length=50, blank=True)
    interviewee_post = models.CharField(_("谈话对象职务"), max_length=50, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    draw = models.ForeignKey(
        "inspections.Draw",
        verbose_name=_("抽取记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "status"], name="insp_campaign_status_idx"),
            models.Index(fields=["enterprise", "status"], name="insp_enterprise_status_idx"),
            models.Index(fields=["created_at", "id"], name="insp_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.enterprise}"


class InspectionAnswer(models.Model):
    """The answer to one checklist item in one inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("checklists.ChecklistItem", on_delete=models.PROTECT, related_name="answers")
    result = models.CharField(_("结果"), max_length=16, choices=AnswerResult.choices, blank=True)
    number_value = models.DecimalField(_("数值"), max_digits=14, decimal_places=3, null=True, blank=True)
    text_value = models.TextField(_("文字"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检查项回答")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="answer_unique_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.result}"


class Finding(models.Model):
    """A problem found on site that is not on the checklist (表外发现), or a look-back item not rectified.

    On submission of the inspection each finding becomes one hazard (`hazard`)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("问题描述"))
    location = models.CharField(_("部位"), max_length=200, blank=True)
    level = models.CharField(_("隐患等级"), max_length=8, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    look_back_check = models.OneToOneField(
        "inspections.LookBackCheck", null=True, blank=True, on_delete=models.SET_NULL, related_name="finding"
    )
    hazard = models.OneToOneField(
        "hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="inspection_finding"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("检查发现问题")
        verbose_name_plural = _("检查发现问题")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class PersonMet(models.Model):
    """A person of the enterprise met during the inspection (陪同检查人员 / 被谈话人)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="people_met")
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("企业在场人员")
        verbose_name_plural = _("企业在场人员")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name


class InspectionEvidenceQuerySet(models.QuerySet):
    def visible_to(self, user) -> InspectionEvidenceQuerySet:
        """Evidence is visible exactly when its inspection is."""
        return self.filter(inspection__in=Inspection.objects.visible_to(user).values("id"))


class InspectionEvidence(EvidenceFile):
    """A photo or PDF attached to an inspection, optionally to one checklist item."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(
        "checklists.ChecklistItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = InspectionEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查证据")
        verbose_name_plural = _("检查证据")
        ordering = ["inspection", "id"]


class DrawKind(models.TextChoices):
    DOUBLE_RANDOM = "double_random", _("双随机抽查")
    SPOT_CHECK = "spot_check", _("市级抽查")


class DrawQuerySet(models.QuerySet):
    def visible_to(self, user) -> DrawQuerySet:
        """Officials see draws made by agencies in their region subtree."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if user.is_official:
            return self.filter(agency__region__path__startswith=user.agency.region.path)
        return self.filter(NOTHING)


class Draw(models.Model):
    """A 双随机 draw (or a city spot-check draw): its inputs are recorded before drawing.

    `inputs` holds the ordered candidate enterprise ids (with weights), the ordered inspector
    pool, the parameters and the seed; `inputs_digest` is the SHA-256 of their canonical JSON.
    Re-running the draw from `inputs` must give `result` (see inspections.draws.draw_verify).
    """

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项行动"), on_delete=models.PROTECT, related_name="draws"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=DrawKind.choices, default=DrawKind.DOUBLE_RANDOM)
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("抽取部门"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    seed = models.CharField(_("随机种子"), max_length=24)
    inputs = models.JSONField(_("抽取输入"))
    inputs_digest = models.CharField(_("输入摘要（SHA-256）"), max_length=64)
    result = models.JSONField(_("抽取结果"), null=True, blank=True)
    created_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = _("随机抽取")
        verbose_name_plural = _("随机抽取")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class LookBackCheck(models.Model):
    """In a look-back (回头看): one hazard of the earlier inspection, confirmed rectified or not."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="look_back_checks")
    hazard = models.ForeignKey("hazards.Hazard", on_delete=models.PROTECT, related_name="look_back_checks")
    status_at_creation = models.CharField(_("创建时隐患状态"), max_length=24)
    rectified = models.BooleanField(_("已整改"), null=True, blank=True)
    note = models.TextField(_("核查情况"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("回头看核查")
        verbose_name_plural = _("回头看核查")
        ordering = ["inspection", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "hazard"], name="look_back_check_unique")]

    def __str__(self) -> str:
        return f"{self.inspection_id}/{self.hazard_id}"


class ExpertConflictQuerySet(models.QuerySet):
    def active(self) -> ExpertConflictQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def visible_to(self, user) -> ExpertConflictQuerySet:
        """Officials: conflicts with enterprises in their jurisdiction. Experts: their own.
        Enterprise users and anyone else: nothing (a conflict is about the expert, not for the firm)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser or user.is_official:
            return self.filter(enterprise_scope_q(user, "enterprise"))
        if user.is_expert:
            return self.filter(expert=user)
        return self.filter(NOTHING)

    def restrict(self, user, action: str = "view") -> ExpertConflictQuerySet:
        """Writes (withdraw): the expert on their own rows; administrators and inspectors in scope."""
        visible = self.visible_to(user)
        if action == "view" or user.is_expert or is_writer(user):
            return visible
        return visible.filter(NOTHING)


class ExpertConflict(models.Model):
    """An expert's declared conflict of interest with an enterprise (回避): while it is not
    withdrawn, the expert may not inspect that enterprise. Declared by the expert or recorded for
    them by an agency administrator or inspector; withdrawn rows stay as history."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="conflicts"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("回避原因"), max_length=200, blank=True)
    declared_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ExpertConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("专家回避")
        verbose_name_plural = _("专家回避")
        ordering = ["-declared_at", "-id"]
        constraints = [
            # One active declaration per expert and enterprise; withdrawn ones are history.
            models.UniqueConstraint(
                fields=["expert", "enterprise"],
                condition=Q(withdrawn_at__isnull=True),
                name="expert_conflict_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} × {self.enterprise}"


class SelfInspectionReminder(models.Model):
    """A reminder (催办) sent on one day for a self-inspection past its deadline and not submitted.

    At most one per inspection and day, so the daily job may run any number of times."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField(_("催办日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("自查催办")
        verbose_name_plural = _("自查催办")
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "day"], name="self_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.inspection_id} @ {self.day}"
