"""Registry pages: list with filters, detail, create/edit, import with its error table, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import DomainError, RowErrors
from core.views import ScopedDetailView, ScopedListView, ScopedUpdateView
from enterprises.scoping import is_writer
from reports.statistics.drilldown import narrow_list

from .exports import export_enterprises
from .filters import EnterpriseFilter
from .forms import CertifiedPersonFormSet, EnterpriseForm, ImportForm, MajorHazardSourceFormSet, formset_rows
from .imports import build_template
from .models import Enterprise, EnterpriseImportJob
from .services import enterprise_import_upload, enterprise_save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_can_edit = is_writer


class EnterpriseListView(ScopedListView):
    model = Enterprise
    template_name = "enterprises/list.html"
    paginate_by = 30
    # By name (jump to a name); (name, id) is indexed, the jurisdiction filters the scan.
    keyset_ordering = ("name", "id")

    def jump_q(self, value: str):
        return Q(name__gte=value)

    def get_queryset(self):
        base = super().get_queryset().select_related("region").prefetch_related("industries")
        drilled, self.drill, self.drill_error = narrow_list(self.request, base, "enterprise")
        self.exact_count = drilled is not None
        self.filterset = EnterpriseFilter(
            None if drilled is not None else self.request.GET or None, queryset=base, request=self.request
        )
        if drilled is not None:
            return drilled
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else base

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["drill"], ctx["drill_error"] = self.drill, self.drill_error
        ctx["can_edit"] = _can_edit(self.request.user)
        return ctx


class EnterpriseDetailView(ScopedDetailView):
    model = Enterprise
    template_name = "enterprises/detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "responsible_agency")
            .prefetch_related("industries", "certified_people", "major_hazard_sources")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = Enterprise.objects.filter(pk=self.object.pk).restrict(self.request.user, "change").exists()
        return ctx


def _formsets(request, instance):
    data = request.POST if request.method == "POST" else None
    return (
        CertifiedPersonFormSet(data, instance=instance, prefix="people"),
        MajorHazardSourceFormSet(data, instance=instance, prefix="sources"),
    )


def _save_form(request, form, people, sources):
    """Save the enterprise with its lists through the one service; a refusal becomes a form error."""
    if not (people.is_valid() and sources.is_valid()):
        return None
    try:
        return enterprise_save(
            actor=request.user,
            enterprise=form.save(commit=False),
            industries=form.cleaned_data["industries"],
            certified_people=formset_rows(people),
            major_hazard_sources=formset_rows(sources),
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


@login_required
def enterprise_create(request):
    if not _can_edit(request.user):
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, user=request.user)
    people, sources = _formsets(request, Enterprise())
    if request.method == "POST" and form.is_valid():
        enterprise = _save_form(request, form, people, sources)
        if enterprise:
            messages.success(request, _("已登记企业「%(n)s」。") % {"n": enterprise.name})
            return redirect("enterprises:detail", pk=enterprise.pk)
    context = {"form": form, "creating": True, "people": people, "sources": sources}
    return render(request, "enterprises/form.html", context, status=400 if request.method == "POST" else 200)


class EnterpriseUpdateView(ScopedUpdateView):
    model = Enterprise
    form_class = EnterpriseForm
    template_name = "enterprises/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "people" not in kwargs:
            ctx["people"], ctx["sources"] = _formsets(self.request, self.object)
        return ctx

    def form_invalid(self, form, people=None, sources=None):
        if people is None:
            people, sources = _formsets(self.request, self.object)
        return self.render_to_response(self.get_context_data(form=form, people=people, sources=sources), status=400)

    def form_valid(self, form):
        people, sources = _formsets(self.request, self.object)
        enterprise = _save_form(self.request, form, people, sources)
        if enterprise is None:
            return self.form_invalid(form, people, sources)
        messages.success(self.request, _("已保存。"))
        return redirect("enterprises:detail", pk=enterprise.pk)


@login_required
def enterprise_import(request):
    if not _can_edit(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            outcome, value = enterprise_import_upload(actor=request.user, upload=form.cleaned_data["file"])
        except RowErrors as exc:
            context.update(errors=exc.rows, error_message=exc.message)
        except DomainError as exc:
            context.update(errors=[{"row": "", "column": _("文件"), "message": exc.message}], error_message=exc.message)
        else:
            if outcome == "queued":
                return redirect("enterprises:import_job", pk=value.pk)
            context["result"] = value
    return render(request, "enterprises/import.html", context, status=400 if context.get("errors") else 200)


@login_required
def import_job(request, pk: int):
    job = get_object_or_404(EnterpriseImportJob.objects.visible_to(request.user), pk=pk)
    if request.headers.get("Accept") == "application/json" or request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "progress": job.progress_percent,
                "total_rows": job.total_rows,
                "created": job.created_count,
                "updated": job.updated_count,
                "errors": job.errors[:200],
            }
        )
    return render(request, "enterprises/import_job.html", {"job": job})


@login_required
@require_GET
def import_template(request):
    if not _can_edit(request.user):
        raise PermissionDenied
    response = HttpResponse(build_template(actor=request.user), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="enterprise-import-template.xlsx"'
    return response


@login_required
@require_GET
def export(request):
    base = Enterprise.objects.visible_to(request.user)
    filterset = EnterpriseFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    response = HttpResponse(export_enterprises(qs), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="enterprises.xlsx"'
    return response
