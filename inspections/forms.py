"""Forms of the inspection pages; choices restricted to what the user may see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.widgets import user_picker
from campaigns.models import Campaign
from checklists.models import ChecklistTemplate
from enterprises.choices import RiskGrade, SupervisionClass
from enterprises.models import Enterprise
from enterprises.widgets import enterprise_picker

from .choices import InspectionKind, InspectionMethod


def _agency_people(user):
    if getattr(user, "is_official", False):
        return User.objects.filter(is_active=True).filter(
            agency__region__path__startswith=user.agency.region.path
        ) | User.objects.filter(is_active=True, kind="expert", in_expert_pool=True)
    return User.objects.none()


class PlanForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("专项行动"))
    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(),
        label=_("企业"),
        widget=enterprise_picker(),
        error_messages={"invalid_choice": _("所选企业不存在或不在您的辖区内。")},
    )
    kind = forms.ChoiceField(
        choices=[c for c in InspectionKind.choices if c[0] not in (InspectionKind.SELF, InspectionKind.LOOK_BACK)],
        label=_("检查类型"),
    )
    method = forms.ChoiceField(choices=InspectionMethod.choices, label=_("检查方式"))
    inspectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("检查人员"),
        widget=user_picker(multiple=True),
        help_text=_("输入姓名或执法证号搜索本部门及下级部门的执法人员、专家库专家，可选多人。"),
        error_messages={"invalid_choice": _("所选检查人员（%(value)s）不在可选范围内。")},
    )
    planned_start = forms.DateField(label=_("计划开始"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(label=_("计划结束"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    template = forms.ModelChoiceField(
        queryset=ChecklistTemplate.objects.all(),
        label=_("检查表"),
        required=False,
        help_text=_("留空则用专项行动的检查表"),
    )
    interviewee_name = forms.CharField(label=_("谈话对象姓名"), required=False)
    interviewee_post = forms.CharField(label=_("谈话对象职务"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        self.fields["inspectors"].queryset = _agency_people(user).distinct().order_by("kind", "id")
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class DrawForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("专项行动"))
    mode = forms.ChoiceField(
        choices=[("count", _("按数量")), ("share", _("按比例")), ("spot_check", _("市级抽查县级已检查企业"))],
        label=_("抽取方式"),
        initial="count",
    )
    count = forms.IntegerField(label=_("抽取企业数"), min_value=1, required=False, initial=3)
    share = forms.IntegerField(label=_("抽取比例（%）"), min_value=1, max_value=100, required=False)
    percent = forms.IntegerField(label=_("抽查比例（%）"), min_value=1, max_value=100, required=False, initial=10)
    risk_grades = forms.MultipleChoiceField(
        choices=RiskGrade.choices, label=_("风险等级"), required=False, widget=forms.CheckboxSelectMultiple
    )
    supervision_classes = forms.MultipleChoiceField(
        choices=SupervisionClass.choices, label=_("监管分类"), required=False, widget=forms.CheckboxSelectMultiple
    )
    weighted = forms.BooleanField(label=_("按监管分类加权（基础好的企业少抽）"), required=False)
    inspectors_per_inspection = forms.IntegerField(label=_("每家企业执法人员数"), min_value=2, initial=2)
    planned_start = forms.DateField(label=_("计划开始"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(label=_("计划结束"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user)
        for name in ("campaign", "mode"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for name in ("count", "share", "percent", "inspectors_per_inspection", "planned_start", "planned_end"):
            self.fields[name].widget.attrs["class"] = "form-control"


class RequestSelfForm(forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("专项行动"))
    template = forms.ModelChoiceField(queryset=ChecklistTemplate.objects.filter(kind="inspection"), label=_("自查表"))
    deadline = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ModelChoiceField) else "form-control"


class ExpertConflictForm(forms.Form):
    """Declare a conflict (回避). Officials pick an expert and an enterprise of their jurisdiction;
    an expert declares their own and names the enterprise by its 统一社会信用代码."""

    expert = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("专家"),
        widget=user_picker(kind="expert"),
        error_messages={"invalid_choice": _("所选专家不在专家库中。")},
    )
    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(),
        label=_("企业"),
        widget=enterprise_picker(),
        error_messages={"invalid_choice": _("所选企业不存在或不在您的辖区内。")},
    )
    # An expert names any enterprise of the registry: the picker answers its code (value=uscc).
    enterprise_uscc = forms.CharField(label=_("企业"), max_length=18, widget=enterprise_picker(**{"for": "conflict"}))
    reason = forms.CharField(
        label=_("回避原因"), max_length=200, widget=forms.TextInput(attrs={"placeholder": _("如：曾任该企业安全顾问")})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_superuser or getattr(user, "is_official", False):
            self.fields["expert"].queryset = User.objects.filter(kind="expert", is_active=True).order_by("id")
            self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
            del self.fields["enterprise_uscc"]
        else:
            del self.fields["expert"]
            del self.fields["enterprise"]
            code = str(self.data.get("enterprise_uscc") or "").strip().upper() if self.is_bound else ""
            chosen = Enterprise.objects.filter(uscc=code).first() if code else None
            self.fields["enterprise_uscc"].widget.choices = [(chosen.uscc, chosen.name)] if chosen else []
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def clean_enterprise_uscc(self):
        code = self.cleaned_data["enterprise_uscc"].strip().upper()
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            raise forms.ValidationError(_("未找到该统一社会信用代码的企业。"))
        return enterprise

    def declaration(self) -> dict:
        d = self.cleaned_data
        return {
            "expert": d.get("expert") or self.user,
            "enterprise": d.get("enterprise") or d.get("enterprise_uscc"),
            "reason": d["reason"],
        }
