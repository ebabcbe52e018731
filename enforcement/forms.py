"""Forms of the enforcement, legal review and blacklist pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hazards.forms import DATE, Styled

from .choices import EnforcementKind


class EnforcementForm(Styled):
    kind = forms.ChoiceField(label=_("措施类型"), choices=EnforcementKind.choices)
    description = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("法律依据"), max_length=300, required=False)
    doc_number = forms.CharField(label=_("文书编号"), max_length=80, required=False)
    amount = forms.DecimalField(label=_("罚款金额（元）"), required=False, max_digits=14, decimal_places=2)
    starts_on = forms.DateField(label=_("起始日期"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("截止日期"), required=False, widget=DATE)


class ReviewForm(Styled):
    approve = forms.TypedChoiceField(
        label=_("审核结论"), choices=[("1", _("同意")), ("0", _("不同意"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BlacklistForm(Styled):
    enterprise = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("列入事由"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("法律依据"), max_length=300)
