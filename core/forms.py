"""Form helpers every app shares."""

from __future__ import annotations

from django import forms


def bootstrap_form(form: forms.Form, small: bool = False) -> None:
    """Give each widget the Bootstrap class of its kind (check, select or text control)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
        widget.attrs.setdefault("class", css + (" form-control-sm" if small else ""))
