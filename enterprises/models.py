"""Enterprises (生产经营单位) and what the registry holds about them."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Industry, Region
from core.uscc import normalize_uscc, validate_uscc
from enterprises.scoping import ScopedQuerySet

from .choices import CertifiedPost, ImportStatus, MajorHazardGrade, RiskGrade, Size, SupervisionClass


class EnterpriseQuerySet(ScopedQuerySet):
    enterprise_field = ""

    def in_region(self, region) -> EnterpriseQuerySet:
        return self.filter(region_path__startswith=region.path)

    def in_industry(self, industry) -> EnterpriseQuerySet:
        return self.filter(industries__path__startswith=industry.path).distinct()

    def licence_expiring_within(self, days: int) -> EnterpriseQuerySet:
        today = timezone.localdate()
        return self.filter(licence_valid_until__isnull=False, licence_valid_until__lte=today + timedelta(days=days))

    def search(self, text: str) -> EnterpriseQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(models.Q(name__icontains=text) | models.Q(uscc=normalize_uscc(text)))


class Enterprise(models.Model):
    """A production or business unit in the registry, placed in a region (to township) and industries."""

    name = models.CharField(_("企业名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="enterprises")
    # Copy of region.path so that subtree queries need no join and use one index.
    region_path = models.CharField(max_length=400, editable=False, db_index=True)
    industries = models.ManyToManyField(Industry, verbose_name=_("行业领域"), related_name="enterprises")
    address = models.CharField(_("地址"), max_length=300, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    principal = models.CharField(_("主要负责人"), max_length=50, blank=True)
    principal_phone = models.CharField(_("主要负责人电话"), max_length=30, blank=True)
    principal_trained_on = models.DateField(
        _("主要负责人安全生产培训日期"),
        null=True,
        blank=True,
        help_text=_("最近一次主要负责人安全生产培训（考核合格）日期，用于计算培训率。"),
    )
    safety_manager = models.CharField(_("安全管理人员"), max_length=50, blank=True)
    safety_manager_phone = models.CharField(_("安全管理人员电话"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    employees = models.PositiveIntegerField(_("从业人员数"), null=True, blank=True)
    size = models.CharField(_("规模"), max_length=8, choices=Size.choices, blank=True)
    licence_number = models.CharField(_("安全生产许可证编号"), max_length=60, blank=True)
    licence_scope = models.CharField(_("许可范围"), max_length=300, blank=True)
    licence_valid_until = models.DateField(_("许可证有效期至"), null=True, blank=True)
    risk_grade = models.CharField(_("安全风险等级"), max_length=8, choices=RiskGrade.choices, blank=True)
    supervision_class = models.CharField(
        _("监管分类"), max_length=8, choices=SupervisionClass.choices, default=SupervisionClass.AVERAGE
    )
    responsible_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("执法主体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
        help_text=_("一家企业对应一级执法主体（seed 002）。"),
    )
    grid_officer = models.CharField(_("网格安全员"), max_length=50, blank=True)
    blacklisted = models.BooleanField(
        _("列入黑名单"),
        default=False,
        editable=False,
        help_text=_("由黑名单流程维护，不可手工修改。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["region_path", "name"]
        indexes = [
            models.Index(fields=["region_path", "risk_grade"], name="ent_region_risk_idx"),
            models.Index(fields=["licence_valid_until"], name="ent_licence_idx"),
            models.Index(fields=["name", "id"], name="ent_name_idx"),  # the list's order (core.keyset)
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.uscc = normalize_uscc(self.uscc)
        if self.region_id and self.region.level not in ("township", "grid", "county"):
            raise ValidationError({"region": _("企业所在区划应至少具体到县（区）级，最好到乡镇（街道）。")})

    def save(self, *args, **kwargs) -> None:
        self.uscc = normalize_uscc(self.uscc)
        self.region_path = self.region.path
        super().save(*args, **kwargs)

    @property
    def licence_expired(self) -> bool:
        return bool(self.licence_valid_until and self.licence_valid_until < timezone.localdate())


class RegionCopy(models.Model):
    """Abstract: enterprise-data rows (hazards, inspections) carry a copy of their enterprise's
    `region_path`, so a list filters by jurisdiction and sorts on ONE table with one index
    (`region_path varchar_pattern_ops, <sort>, id`) instead of joining every visible row to its
    enterprise. Filled from the enterprise when the row is created; when an enterprise moves, the
    service that moves it calls `refresh_region_copies` in the same transaction."""

    region_copied = True

    region_path = models.CharField(_("区划路径"), max_length=400, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.enterprise_id and (self._state.adding or not self.region_path):
            self.region_path = Enterprise.objects.values_list("region_path", flat=True).get(pk=self.enterprise_id)
        super().save(*args, **kwargs)


def region_copy_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, RegionCopy)]


#: Apps above that keep figures keyed by an enterprise's region or industries (the hazards'
#: rollup) register here: `hook(enterprise_ids)` is called BEFORE those enterprises' region copies
#: or industries change and answers a function to call AFTER the change, in the same transaction.
_REKEY_HOOKS: list = []


def register_enterprise_rekey(hook) -> None:
    if hook not in _REKEY_HOOKS:
        _REKEY_HOOKS.append(hook)


@contextmanager
def enterprises_rekeying(enterprise_ids):
    """Wrap a change of some enterprises' region copies or industries (inside its transaction)."""
    ids = list(enterprise_ids)
    finish = [hook(ids) for hook in _REKEY_HOOKS] if ids else []
    yield
    for done in finish:
        done()


def refresh_region_copies(enterprise_ids) -> int:
    """Bring the region copies of the given enterprises' rows up to date (call inside the
    transaction that moved them); answers the number of rows changed."""
    ids = list(enterprise_ids)
    if not ids:
        return 0
    current = Enterprise.objects.filter(pk=models.OuterRef("enterprise_id")).values("region_path")[:1]
    changed = 0
    with enterprises_rekeying(ids):
        for model in region_copy_models():
            stale = model.objects.filter(enterprise_id__in=ids).exclude(region_path=models.Subquery(current))
            changed += stale.update(region_path=models.Subquery(current))
    return changed


# The fields officials edit (form and API share this list; the API adds read-only extras).
EDITABLE_FIELDS = [
    "name",
    "uscc",
    "region",
    "industries",
    "address",
    "legal_representative",
    "principal",
    "principal_phone",
    "principal_trained_on",
    "safety_manager",
    "safety_manager_phone",
    "contact_phone",
    "employees",
    "size",
    "licence_number",
    "licence_scope",
    "licence_valid_until",
    "risk_grade",
    "supervision_class",
    "responsible_agency",
    "grid_officer",
]


class EnterpriseChildQuerySet(ScopedQuerySet):
    """Rows that belong to one enterprise are visible exactly when their enterprise is."""

    enterprise_field = "enterprise"


class MajorHazardSource(models.Model):
    """A registered major hazard source (重大危险源) of an enterprise."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="major_hazard_sources")
    name = models.CharField(_("名称"), max_length=200)
    grade = models.CharField(_("等级"), max_length=2, choices=MajorHazardGrade.choices)
    record_number = models.CharField(_("备案编号"), max_length=60, blank=True)

    objects = EnterpriseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("重大危险源")
        verbose_name_plural = _("重大危险源")

    def __str__(self) -> str:
        return self.name


class CertifiedPersonQuerySet(EnterpriseChildQuerySet):
    def valid_on(self, day) -> CertifiedPersonQuerySet:
        return self.filter(certificate_number__gt="", certificate_valid_until__gte=day)


class CertifiedPerson(models.Model):
    """A person in one of the three posts (三项岗位) with their certificate (持证上岗, seed 001)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="certified_people")
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("岗位"), max_length=24, choices=CertifiedPost.choices)
    certificate_number = models.CharField(_("证书编号"), max_length=60, blank=True)
    certificate_valid_until = models.DateField(_("证书有效期至"), null=True, blank=True)

    objects = CertifiedPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("三项岗位人员")
        verbose_name_plural = _("三项岗位人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        if user.is_superuser:
            return self
        return self.filter(created_by=user) if user.is_authenticated else self.none()


class EnterpriseImportJob(models.Model):
    """An Excel import of enterprises: its file, status, progress and the errors found."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业导入任务")
        verbose_name_plural = _("企业导入任务")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status in (ImportStatus.PENDING, ImportStatus.RUNNING) else 100
        return min(100, round(self.processed_rows * 100 / self.total_rows))


class EnterpriseIndustryClosure(models.Model):
    """A read-only database view: each enterprise with every industry its industries lie under, its
    own included, once (冶金 → 冶金 and 工贸). Statistics by industry group on it in one query, with
    an enterprise holding 冶金 and 粉尘涉爆 counted once under 工贸."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.DO_NOTHING, related_name="industry_closure")
    industry = models.ForeignKey(Industry, on_delete=models.DO_NOTHING, related_name="+")

    class Meta:
        managed = False
        db_table = "enterprises_industry_closure"

    def __str__(self) -> str:
        return f"{self.enterprise_id} ⊂ {self.industry_id}"
