"""Checklist pages: the list of templates, a version with its sections and items, the Excel
export, the import template and the import with its row-level error table. Thin: services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError, RowErrors
from core.views import get_visible_or_404

from .forms import ChecklistImportForm
from .models import ChecklistTemplate
from .services import can_write_checklists
from .xlsx import checklist_import, export_checklist

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def checklist_list(request):
    templates = ChecklistTemplate.objects.visible_to(request.user).prefetch_related("campaigns")
    templates = templates.annotate(item_count=Count("items", distinct=True))
    return render(
        request,
        "checklists/list.html",
        {"templates": templates, "can_create": can_write_checklists(request.user)},
    )


@login_required
def checklist_detail(request, pk: int):
    template = get_visible_or_404(ChecklistTemplate, request.user, pk=pk)
    sections = template.sections.prefetch_related("items__industries")
    versions = ChecklistTemplate.objects.filter(code=template.code).order_by("-version")
    return render(
        request,
        "checklists/detail.html",
        {"template": template, "sections": sections, "versions": versions, "in_use": template.in_use()},
    )


@login_required
def checklist_export(request, pk: int):
    template = get_visible_or_404(ChecklistTemplate, request.user, pk=pk)
    response = HttpResponse(export_checklist(template), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="checklist-{template.code}-v{template.version}.xlsx"'
    return response


@login_required
def checklist_template_file(request):
    response = HttpResponse(export_checklist(None), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="checklist-import-template.xlsx"'
    return response


@login_required
def checklist_import_view(request):
    if not can_write_checklists(request.user):
        raise PermissionDenied
    form = ChecklistImportForm(request.POST or None, request.FILES or None, initial=request.GET or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            template = checklist_import(
                actor=request.user,
                fileobj=form.cleaned_data["file"],
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except RowErrors as exc:
            context.update(errors=exc.rows, error_message=exc.message)
        except DomainError as exc:
            context.update(
                errors=[{"row": "", "column": exc.field or "", "message": exc.message}], error_message=exc.message
            )
        else:
            messages.success(
                request, _("已导入检查表「%(n)s」第 %(v)d 版。") % {"n": template.name, "v": template.version}
            )
            return redirect("checklists:detail", pk=template.pk)
    return render(request, "checklists/import.html", context, status=400 if context.get("errors") else 200)
