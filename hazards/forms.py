"""Forms of the hazard and public-report pages: they parse input; the services decide.

`Styled` and `DATE` are shared with the pages of the apps above (enforcement).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from enterprises.widgets import enterprise_picker

from .choices import HazardCategory, HazardLevel, SupervisionLevel

DATE = forms.DateInput(attrs={"type": "date"})


class Styled(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AssignForm(Styled):
    responsible_person = forms.CharField(label=_("整改责任人"), max_length=50)
    measures = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("整改期限"), widget=DATE)
    executor = forms.CharField(label=_("整改执行人"), max_length=50)
    acceptor = forms.CharField(label=_("验收人"), max_length=50)


class MajorPlanForm(Styled):
    responsibility = forms.CharField(label=_("责任落实"), widget=forms.Textarea(attrs={"rows": 2}))
    funds_planned = forms.DecimalField(label=_("整改资金（元）"), max_digits=14, decimal_places=2, min_value=0)
    contingency_plan = forms.CharField(label=_("应急预案"), widget=forms.Textarea(attrs={"rows": 2}))
    reported_to_department_on = forms.DateField(label=_("报告监管部门日期"), widget=DATE)
    reported_to_congress_on = forms.DateField(label=_("报告职代会日期"), widget=DATE)


class SubmitForm(Styled):
    description = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 3}))
    funds_spent = forms.DecimalField(
        label=_("投入资金（元）"), required=False, max_digits=14, decimal_places=2, min_value=0
    )
    photos = MultipleFileField(label=_("整改后照片"))


class ImmediateForm(Styled):
    description = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 2}))
    photos = MultipleFileField(label=_("整改后照片"))


class AcceptForm(Styled):
    note = forms.CharField(label=_("验收意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(Styled):
    reason = forms.CharField(label=_("不通过理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ListForm(Styled):
    level = forms.ChoiceField(label=_("挂牌级别"), choices=SupervisionLevel.choices)
    doc_number = forms.CharField(label=_("督办文号"), max_length=80)
    listed_on = forms.DateField(label=_("挂牌日期"), widget=DATE)


class SelfReportForm(Styled):
    description = forms.CharField(label=_("隐患描述"), widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label=_("部位"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("等级"), choices=HazardLevel.choices)
    category = forms.ChoiceField(label=_("类别"), choices=[("", "—"), *HazardCategory.choices], required=False)


class PublicReportForm(Styled):
    description = forms.CharField(label=_("举报内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    location = forms.CharField(label=_("详细地点"), max_length=200)
    region = forms.CharField(label=_("所在乡镇（街道）"), max_length=12)
    industry = forms.CharField(label=_("行业领域"), max_length=32)
    enterprise_name = forms.CharField(label=_("涉及单位（选填）"), max_length=200, required=False)
    contact = forms.CharField(label=_("联系方式（选填）"), max_length=100, required=False)
    photo = forms.FileField(
        label=_("现场照片（选填）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha_answer = forms.CharField(label=_("验证码"), max_length=4)


class VerifyReportForm(Styled):
    """属实立案 of a public report: the enterprise is searched among those the official may see."""

    enterprise = forms.ModelChoiceField(
        label=_("涉及企业"),
        queryset=Enterprise.objects.none(),
        widget=enterprise_picker(),
        error_messages={"invalid_choice": _("所选企业不存在或不在您的辖区内。")},
    )
    level = forms.ChoiceField(label=_("隐患等级"), choices=HazardLevel.choices, initial=HazardLevel.GENERAL)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", False)  # one form per report row: no repeated ids
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["enterprise"].widget.attrs["required"] = True
