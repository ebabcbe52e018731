"""Inspection pages: lists, detail, the phone-friendly fill page, planning, draws, evidence, PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.todo import narrow_request
from core.uploads import evidence_response
from core.views import ScopedListView, day_before_q
from enterprises.scoping import is_writer
from reports.statistics.drilldown import narrow_list

from . import services
from .choices import InspectionKind, InspectionStatus
from .draws import draw_perform, draw_spot_check, draw_verify
from .filters import InspectionFilter
from .forms import DrawForm, ExpertConflictForm, PlanForm, RequestSelfForm
from .models import Draw, ExpertConflict, Inspection, InspectionEvidence
from .renderers.pdf import render_inspection_record
from .selectors import (
    checklist_rows,
    inspection_detail_qs,
    inspection_list,
    repeat_visit_warnings,
    self_inspection_overdue_stats,
)
from .todo import CONFLICT_TODOS


def _get(request, pk) -> Inspection:
    try:
        return inspection_detail_qs(request.user).get(pk=pk)
    except Inspection.DoesNotExist as exc:
        raise Http404 from exc


class InspectionListView(ScopedListView):
    model = Inspection
    template_name = "inspections/list.html"
    paginate_by = 30
    keyset_ordering = ("-created_at", "-id")

    def jump_q(self, value: str):
        return day_before_q("created_at", value)

    def get_queryset(self):
        base = inspection_list(user=self.request.user)
        drilled, self.drill, self.drill_error = narrow_list(self.request, base, "inspection")
        self.exact_count = drilled is not None
        self.filterset = InspectionFilter(
            None if drilled is not None else self.request.GET or None, queryset=base, request=self.request
        )
        if drilled is not None:
            return drilled
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else base

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["drill"], ctx["drill_error"] = self.drill, self.drill_error
        ctx["is_enterprise"] = self.request.user.is_enterprise_user
        ctx["today"] = timezone.localdate()
        return ctx


@login_required
def detail(request, pk):
    inspection = _get(request, pk)
    warnings = []
    if request.user.is_official and inspection.kind != InspectionKind.SELF:
        warnings = repeat_visit_warnings(
            enterprise=inspection.enterprise,
            campaign=inspection.campaign,
            agency=inspection.agency,
            exclude_id=inspection.pk,
        )
    user = request.user
    return render(
        request,
        "inspections/detail.html",
        {
            "i": inspection,
            "sections": checklist_rows(inspection),
            "warnings": warnings,
            "can_fill": services.can_fill(user, inspection)
            and inspection.status in (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS),
            "can_review": inspection.status == InspectionStatus.SUBMITTED
            and (user.is_superuser or (user.is_official and user.role in ("leader", "admin"))),
            "can_look_back": user.is_official
            and inspection.status in (InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED)
            and inspection.hazards.exists(),
        },
    )


def _answers_from_post(post, items) -> list[dict]:
    answers = []
    for item in items:
        data = {
            "item": item.pk,
            "result": post.get(f"result_{item.pk}", ""),
            "number_value": post.get(f"number_{item.pk}", ""),
            "text_value": post.get(f"text_{item.pk}", ""),
            "note": post.get(f"note_{item.pk}", ""),
        }
        if any(str(v).strip() for k, v in data.items() if k != "item"):
            answers.append(data)
    return answers


@login_required
def fill(request, pk):
    """The checklist form (phones first): answers, notes, photos per item, findings, people, conclusion."""
    inspection = _get(request, pk)
    if not services.can_fill(request.user, inspection):
        raise Http404
    if inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS):
        messages.info(request, _("检查已提交，只能查看。"))
        return redirect("inspections:detail", pk=pk)
    missing: list[int] = []
    missing_message = ""
    if request.method == "POST":
        op = request.POST.get("op", "save")
        rows = [r["item"] for s in checklist_rows(inspection) for r in s["rows"]]
        try:
            services.inspection_save_answers(
                actor=request.user, inspection=inspection, answers=_answers_from_post(request.POST, rows)
            )
            fields = {}
            for name in ("conclusion", "interviewee_name", "interviewee_post"):
                if name in request.POST:
                    fields[name] = request.POST[name].strip()
            if fields:
                services.inspection_update(actor=request.user, inspection=inspection, **fields)
            items = {i.pk: i for i in rows}
            for key in request.FILES:
                item = items.get(int(key.split("_", 1)[1])) if key.startswith("photo_") else None
                for upload in request.FILES.getlist(key):
                    try:
                        services.inspection_add_evidence(
                            actor=request.user, inspection=inspection, upload=upload, item=item
                        )
                    except DomainError as exc:
                        messages.error(request, exc.message)
            if request.POST.get("finding_description", "").strip():
                services.finding_add(
                    actor=request.user,
                    inspection=inspection,
                    description=request.POST["finding_description"],
                    location=request.POST.get("finding_location", ""),
                    level=request.POST.get("finding_level", "general"),
                )
            if request.POST.get("person_name", "").strip():
                services.person_met_add(
                    actor=request.user,
                    inspection=inspection,
                    name=request.POST["person_name"],
                    post=request.POST.get("person_post", ""),
                )
            for check in inspection.look_back_checks.all():
                value = request.POST.get(f"rectified_{check.pk}")
                if value in ("yes", "no"):
                    services.look_back_confirm(
                        actor=request.user,
                        check=check,
                        rectified=value == "yes",
                        note=request.POST.get(f"lbnote_{check.pk}", ""),
                    )
            if op == "submit":
                services.inspection_submit(actor=request.user, inspection=inspection)
                messages.success(request, _("已提交。"))
                return redirect("inspections:detail", pk=pk)
            messages.success(request, _("草稿已保存，可在任何设备上继续填写。"))
            return redirect(reverse("inspections:fill", args=[pk]) + "#" + request.POST.get("anchor", ""))
        except DomainError as exc:
            missing = exc.extra.get("missing_items", [])
            missing_message = exc.message
            if not missing:  # the missing items get their own summary and red marks
                messages.error(request, exc.message)
        inspection = _get(request, pk)
    return render(
        request,
        "inspections/fill.html",
        {
            "i": inspection,
            "sections": checklist_rows(inspection),
            "missing": missing,
            "missing_message": missing_message,
            "is_self": inspection.kind == InspectionKind.SELF,
        },
    )


@login_required
@require_POST
def start(request, pk):
    inspection = _get(request, pk)
    try:
        services.inspection_start(actor=request.user, inspection=inspection)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:detail", pk=pk)
    return redirect("inspections:fill", pk=pk)


@login_required
@require_POST
def review(request, pk):
    inspection = _get(request, pk)
    try:
        services.inspection_review(actor=request.user, inspection=inspection, note=request.POST.get("note", ""))
        messages.success(request, _("已审核。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:detail", pk=pk)


@login_required
@require_POST
def look_back(request, pk):
    inspection = _get(request, pk)
    try:
        new = services.inspection_create_look_back(actor=request.user, previous=inspection, inspectors=[request.user])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:detail", pk=pk)
    return redirect("inspections:detail", pk=new.pk)


@login_required
def plan(request):
    if not request.user.is_official:
        raise Http404
    form = PlanForm(request.POST or None, user=request.user, initial={"enterprise": request.GET.get("enterprise")})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_plan(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            for w in inspection.warnings:
                messages.warning(
                    request,
                    _("提示：%(a)s 已于 %(d)s 对该企业开展%(k)s（%(s)s），请避免重复检查。")
                    % {
                        "a": w.agency or "—",
                        "d": w.planned_start or w.created_at.date(),
                        "k": w.get_kind_display(),
                        "s": w.get_status_display(),
                    },
                )
            messages.success(request, _("检查已安排。"))
            return redirect("inspections:detail", pk=inspection.pk)
    return render(request, "inspections/plan.html", {"form": form})


@login_required
def request_self(request):
    """布置企业自查: every in-scope enterprise of the campaign gets a self-inspection with a deadline."""
    if not request.user.is_official:
        raise Http404
    form = RequestSelfForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.inspection_request_self(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已向 %(n)d 家企业布置自查。") % {"n": len(created)})
            return redirect(reverse("inspections:list") + "?kind=self")
    return render(
        request,
        "inspections/request_self.html",
        {"form": form, "overdue": self_inspection_overdue_stats(user=request.user)},
    )


@login_required
def draw_new(request):
    if not request.user.is_official:
        raise Http404
    form = DrawForm(request.POST or None, user=request.user, initial={"campaign": request.GET.get("campaign")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["mode"] == "spot_check":
                draw = draw_spot_check(
                    actor=request.user,
                    campaign=d["campaign"],
                    percent=d["percent"] or 10,
                    planned_start=d["planned_start"],
                    planned_end=d["planned_end"],
                )
            else:
                draw = draw_perform(
                    actor=request.user,
                    campaign=d["campaign"],
                    count=d["count"] if d["mode"] == "count" else None,
                    share=(d["share"] or 0) / 100 if d["mode"] == "share" else None,
                    risk_grades=d["risk_grades"] or None,
                    supervision_classes=d["supervision_classes"] or None,
                    weighted=d["weighted"],
                    inspectors_per_inspection=d["inspectors_per_inspection"],
                    planned_start=d["planned_start"],
                    planned_end=d["planned_end"],
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("inspections:draw", pk=draw.pk)
    return render(request, "inspections/draw_form.html", {"form": form})


@login_required
def draw_detail(request, pk):
    draw = get_object_or_404(Draw.objects.visible_to(request.user).select_related("campaign", "agency", "actor"), pk=pk)
    inspections = draw.inspections.select_related("enterprise").prefetch_related("inspectors").order_by("id")
    import json

    return render(
        request,
        "inspections/draw_detail.html",
        {
            "draw": draw,
            "inspections": inspections,
            "verification": draw_verify(draw),
            "inputs_json": json.dumps(draw.inputs, ensure_ascii=False, indent=1),
        },
    )


def _evidence(request, pk) -> InspectionEvidence:
    return get_object_or_404(InspectionEvidence.objects.visible_to(request.user), pk=pk)


@login_required
def evidence_display(request, pk):
    return evidence_response(_evidence(request, pk))


@login_required
def evidence_original(request, pk):
    return evidence_response(_evidence(request, pk), original=True)


@login_required
def record_pdf(request, pk):
    inspection = _get(request, pk)
    response = HttpResponse(render_inspection_record(inspection), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="inspection-{inspection.pk}.pdf"'
    return response


def _may_declare_conflicts(user) -> bool:
    return user.is_expert or is_writer(user)


@login_required
def conflicts(request):
    """专家回避: the conflicts the user may see, a form to declare one, withdraw buttons."""
    user = request.user
    if not (user.is_superuser or user.is_official or user.is_expert):
        raise Http404
    can_declare = _may_declare_conflicts(user)
    form = ExpertConflictForm(request.POST or None, user=user) if can_declare else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.expert_conflict_declare(actor=user, **form.declaration())
        except DomainError as exc:
            field = {"enterprise": "enterprise_uscc"}.get(exc.field, exc.field) if user.is_expert else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            if user.is_expert:
                messages.success(request, _("回避已声明：不会再安排您检查此企业。"))
            else:
                messages.success(request, _("回避已登记：该专家不能参加对此企业的检查。"))
            return redirect("inspections:conflicts")
    rows = ExpertConflict.objects.visible_to(user).select_related("expert", "enterprise", "declared_by", "withdrawn_by")
    rows = narrow_request(request, rows, CONFLICT_TODOS)  # ?todo= from the home page
    writable = set(ExpertConflict.objects.restrict(user, "change").values_list("pk", flat=True))
    return render(
        request,
        "inspections/conflicts.html",
        {"form": form, "rows": rows, "writable": writable, "can_declare": can_declare},
    )


@login_required
@require_POST
def conflict_withdraw(request, pk):
    conflict = get_object_or_404(ExpertConflict.objects.visible_to(request.user), pk=pk)
    try:
        services.expert_conflict_withdraw(actor=request.user, conflict=conflict, reason=request.POST.get("reason", ""))
        messages.success(request, _("回避已撤回。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:conflicts")
