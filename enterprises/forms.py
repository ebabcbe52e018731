"""The enterprise form: choices restricted to the user's jurisdiction."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.widgets import agency_picker
from core.models import Industry, Region
from core.uscc import normalize_uscc, uscc_error
from core.widgets import TreeSelect

from .models import EDITABLE_FIELDS, CertifiedPerson, Enterprise, MajorHazardSource


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = EDITABLE_FIELDS
        widgets = {
            "principal_trained_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "licence_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "industries": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"responsible_agency": _("一家企业对应一级执法主体。")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(level__in=["county", "township", "grid"])
        industries = Industry.objects.select_related("parent")
        if not user.is_superuser:
            regions = regions.filter(path__startswith=user.agency.region.path)
            ids = user.agency.industry_ids()
            if ids is not None:
                industries = industries.filter(id__in=ids)
        # A tree picker (opened level by level from the user's own region) submitting the code:
        # a province has tens of thousands of townships, so no page lists them all.
        region = self.fields["region"]
        region.queryset = regions
        region.to_field_name = "code"
        region.widget = TreeSelect("region")
        region.help_text = _("选到县（区）、乡镇（街道）或网格。")
        region.error_messages["invalid_choice"] = _("请选择辖区内的县（区）、乡镇（街道）或网格。")
        self.fields["industries"].queryset = industries
        self.fields["industries"].label_from_instance = lambda i: (
            f"{i.parent.name} › {i.name}" if i.parent_id else i.name
        )
        from accounts.models import Agency

        agencies = Agency.objects.all()
        if not user.is_superuser:
            agencies = agencies.filter(region__path__startswith=user.agency.region.path)
        self.fields["responsible_agency"].queryset = agencies
        self.fields["responsible_agency"].widget = agency_picker()
        self.fields["responsible_agency"].widget.choices = self.fields["responsible_agency"].choices
        self.fields["responsible_agency"].error_messages["invalid_choice"] = _("所选执法主体不在您的辖区内。")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select | forms.SelectMultiple) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_uscc(self) -> str:
        code = normalize_uscc(self.cleaned_data["uscc"])
        problem = uscc_error(code)
        if problem:
            raise forms.ValidationError(problem)
        clash = Enterprise.objects.filter(uscc=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("该统一社会信用代码已登记。"))
        return code


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class _ChildForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css + " form-control-sm")


class CertifiedPersonForm(_ChildForm):
    class Meta:
        model = CertifiedPerson
        fields = ["name", "post", "certificate_number", "certificate_valid_until"]
        widgets = {"certificate_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MajorHazardSourceForm(_ChildForm):
    class Meta:
        model = MajorHazardSource
        fields = ["name", "grade", "record_number"]


CertifiedPersonFormSet = forms.inlineformset_factory(
    Enterprise, CertifiedPerson, form=CertifiedPersonForm, extra=2, can_delete=True
)
MajorHazardSourceFormSet = forms.inlineformset_factory(
    Enterprise, MajorHazardSource, form=MajorHazardSourceForm, extra=1, can_delete=True
)


def formset_rows(formset) -> list[dict]:
    """The kept rows of a valid inline formset as plain dicts (for enterprise_save)."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k not in ("DELETE", "id", formset.fk.name)})
    return rows
