"""Campaign forms: choices restricted to the user's jurisdiction; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, User
from accounts.widgets import user_picker
from checklists.models import ChecklistTemplate
from core.forms import bootstrap_form
from core.models import Industry, Region
from enterprises.widgets import enterprise_picker

from .choices import GroupRole, Indicator, Recurrence, StatForm, Submitters, TaskStatus
from .models import Campaign

DATE = {"type": "date"}


def _date_field(label, required=False):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class CampaignForm(forms.ModelForm):
    period_start = _date_field(_("开始日期"))
    period_end = _date_field(_("结束日期"))
    issue_date = _date_field(_("发文日期"))

    class Meta:
        model = Campaign
        fields = [
            "title",
            "doc_number",
            "issuer",
            "issue_date",
            "kind",
            "region",
            "industries",
            "period_start",
            "period_end",
            "summary",
            "checklists",
            "group_min_size",
            "group_max_size",
            "group_leaders",
            "group_deputies",
            "visits_per_month",
            "visit_days_min",
            "visit_days_max",
            "score_coverage",
            "score_rectification",
            "score_major_closed",
            "score_timeliness",
        ]
        widgets = {
            "industries": forms.SelectMultiple(attrs={"size": 8}),
            "checklists": forms.SelectMultiple(attrs={"size": 6}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    #: Fields a user may leave empty for the campaign's default (the score weights of its bulletins).
    DEFAULTED = ("score_coverage", "score_rectification", "score_major_closed", "score_timeliness")

    def __init__(self, *args, user, parent: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DEFAULTED:
            self.fields[name].required = False
        regions = Region.objects.all()
        industries = Industry.objects.select_related("parent")
        if not user.is_superuser:
            regions = regions.filter(path__startswith=user.agency.region.path).exclude(level="grid")
            ids = user.agency.industry_ids()
            if ids is not None:
                industries = industries.filter(id__in=ids)
        if parent is not None:
            regions = regions.filter(path__startswith=parent.region_path)
        self.fields["region"].queryset = regions.order_by("path")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        self.fields["industries"].queryset = industries
        self.fields["industries"].label_from_instance = lambda i: f"{i.parent.name} / {i.name}" if i.parent else i.name
        self.fields["checklists"].queryset = ChecklistTemplate.objects.order_by("code", "-version")
        self.fields["checklists"].label_from_instance = lambda t: f"{t.name}（v{t.version}）"
        self.fields["checklists"].required = False
        if not self.instance.pk:
            self.fields["region"].initial = parent.region_id if parent else getattr(user.agency, "region_id", None)
        bootstrap_form(self)

    def clean(self):
        data = super().clean()
        for name in self.DEFAULTED:
            if data.get(name) is None:
                data[name] = Campaign._meta.get_field(name).default
        return data


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("阶段名称"), max_length=100)
    start = _date_field(_("开始日期"), required=True)
    end = _date_field(_("结束日期"), required=True)
    description = forms.CharField(label=_("工作内容"), required=False, widget=forms.TextInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_form(self, small=True)


PhaseFormSet = forms.formset_factory(PhaseForm, extra=2, can_delete=True)


class TargetForm(forms.Form):
    name = forms.CharField(label=_("目标"), max_length=300)
    indicator = forms.ChoiceField(
        label=_("指标"), choices=[("", _("未量化（暂无数据来源）"))] + list(Indicator.choices), required=False
    )
    target_value = forms.DecimalField(label=_("目标值（%）"), required=False, min_value=0, max_value=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_form(self, small=True)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("任务"), max_length=300)
    lead_agency = forms.ModelChoiceField(label=_("牵头部门"), queryset=Agency.objects.none())
    cooperating_agencies = forms.ModelMultipleChoiceField(
        label=_("配合部门"), queryset=Agency.objects.none(), required=False
    )
    deadline = _date_field(_("完成时限"))
    description = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(region__path__startswith=campaign.region_path).select_related("region")
        self.fields["lead_agency"].queryset = agencies
        self.fields["cooperating_agencies"].queryset = agencies
        bootstrap_form(self, small=True)


class TaskEditForm(TaskForm):
    """Edit a task: the lead as an agency and/or a name as written in the notice; cooperating units
    as agencies and/or free text (one per line or separated by 、，,)."""

    lead_name = forms.CharField(label=_("牵头单位（文字）"), max_length=200, required=False)
    cooperating_names = forms.CharField(
        label=_("配合单位（文字）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个，或用“、”分隔。"),
    )
    field_order = [
        "title",
        "description",
        "lead_agency",
        "lead_name",
        "cooperating_agencies",
        "cooperating_names",
        "deadline",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].required = False
        self.order_fields(self.field_order)
        bootstrap_form(self)

    def clean_cooperating_names(self) -> list[str]:
        text = self.cleaned_data.get("cooperating_names") or ""
        for sep in ("、", "，", ",", "；", ";"):
            text = text.replace(sep, "\n")
        return [n.strip() for n in text.splitlines() if n.strip()]


class TaskStatusForm(forms.Form):
    progress = forms.ChoiceField(label=_("进展"), choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.OVERDUE])
    note = forms.CharField(label=_("进展说明"), required=False)
    file = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_form(self, small=True)


class RequirementForm(forms.Form):
    title = forms.CharField(label=_("报送内容"), max_length=300)
    recurrence = forms.ChoiceField(label=_("频次"), choices=Recurrence.choices)
    due_date = _date_field(_("截止日期（一次性）"))
    day_of_month = forms.IntegerField(label=_("每月报送日"), required=False, min_value=1, max_value=31)
    submitters = forms.ChoiceField(label=_("报送单位"), choices=Submitters.choices)
    stat_form = forms.ChoiceField(
        label=_("统计报表"), required=False, choices=[("", _("不按统计报表")), *StatForm.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_form(self, small=True)


class SubmissionForm(forms.Form):
    text = forms.CharField(label=_("报送内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_form(self)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("巡查组名称"), max_length=100)

    def __init__(self, *args, campaign: Campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import expert_pool

        officials = User.objects.filter(kind="official", agency__isnull=False, is_active=True)
        if not user.is_superuser:
            officials = officials.filter(agency__region__path__startswith=user.agency.region.path)
        # Officials of the jurisdiction and the pool's experts matching the campaign, searched as
        # the user types (accounts.views.user_search answers the same people).
        people = User.objects.filter(Q(pk__in=officials.values("pk")) | Q(pk__in=expert_pool(campaign).values("pk")))
        self.slots = []
        for i in range(1, campaign.group_max_size + 2):
            self.fields[f"user_{i}"] = forms.ModelChoiceField(
                label=_("成员%(n)d") % {"n": i},
                queryset=people,
                required=False,
                widget=user_picker(campaign=campaign.pk),
                error_messages={"invalid_choice": _("所选人员不是本辖区监管人员或本行动专家库专家。")},
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(label=_("职务"), choices=GroupRole.choices, required=False)
            default = "leader" if i == 1 else "deputy" if i <= 1 + campaign.group_deputies else "member"
            self.fields[f"role_{i}"].initial = default
            self.slots.append((f"user_{i}", f"role_{i}"))
        bootstrap_form(self, small=True)

    def bound_slots(self):
        return [(self[u], self[r]) for u, r in self.slots]

    def members(self) -> list[tuple]:
        return [(self.cleaned_data[u], self.cleaned_data[r] or "member") for u, r in self.slots if self.cleaned_data[u]]


class VisitForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("企业"),
        queryset=None,
        widget=enterprise_picker(),
        error_messages={"invalid_choice": _("所选企业不在本专项行动的区划和行业范围内。")},
    )
    start = _date_field(_("进驻日期"), required=True)
    end = _date_field(_("结束日期"), required=True)
    note = forms.CharField(label=_("备注"), required=False)

    def __init__(self, *args, campaign: Campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = campaign.enterprises_in_scope(user=user).order_by("region_path", "name")
        bootstrap_form(self, small=True)


class AttachChecklistForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("检查表"), queryset=ChecklistTemplate.objects.order_by("code", "-version")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].label_from_instance = lambda t: f"{t.name}（v{t.version}）"
        bootstrap_form(self, small=True)
