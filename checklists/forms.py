"""Checklist forms: the Excel import (code, name, description and the file)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrap_form


class ChecklistImportForm(forms.Form):
    code = forms.CharField(label=_("编码"), max_length=80, help_text=_("已有编码将生成该检查表的新版本。"))
    name = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(label=_("说明"), required=False)
    file = forms.FileField(label=_("Excel 文件"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_form(self)
