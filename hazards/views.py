"""Hazard pages: list, detail with its actions, self-report, overdue notices, the public reports inbox.

Thin: forms parse, services decide, errors become messages. The enforcement pages (enforcement app)
share `page_of` and `query_without_page`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_for
from core.errors import DomainError
from core.todo import narrow_request
from core.uploads import evidence_response
from core.views import day_before_q, get_visible_or_404, page_of, query_without_page
from enterprises.models import Enterprise
from reports.statistics.drilldown import narrow_list

from . import forms as f
from . import services
from .choices import HazardAction, HazardLevel, HazardSource, HazardStatus, NoticeStep
from .filters import HazardFilter
from .models import Hazard, HazardEvidence, HazardNotice, PublicReport
from .todo import PUBLIC_REPORT_TODOS

ACTION_FORMS = {
    HazardAction.ASSIGN: f.AssignForm,
    HazardAction.SUBMIT: f.SubmitForm,
    HazardAction.RECTIFY_IMMEDIATELY: f.ImmediateForm,
    HazardAction.ACCEPT: f.AcceptForm,
    HazardAction.REJECT: f.RejectForm,
    HazardAction.LIST: f.ListForm,
}


def _found_by(value: str):
    return day_before_q("found_at", value)


@login_required
def hazard_list(request):
    base = Hazard.objects.visible_to(request.user).select_related("enterprise", "listed_by")
    drilled, drill, drill_error = narrow_list(request, base, "hazard")
    filterset = HazardFilter(None if drilled is not None else request.GET or None, queryset=base, request=request)
    qs = drilled if drilled is not None else filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return render(
        request,
        "hazards/list.html",
        {
            "drill": drill,
            "drill_error": drill_error,
            "page_obj": page_of(
                request, qs, ordering=("-found_at", "-id"), jump=_found_by, exact_count=drill is not None
            ),
            "filter": filterset,
            "query": query_without_page(request),
            "tab": request.GET.get("tab", ""),
            "open_agency_notices": (
                agency_notices(request.user).exclude(hazard__status=HazardStatus.CLOSED).count()
                if getattr(request.user, "is_official", False)
                else None
            ),
        },
    )


@login_required
def hazard_detail(request, pk: int):
    hazard = get_visible_or_404(Hazard, request.user, pk=pk)
    allowed = services.allowed_actions(hazard, request.user)
    forms = {a: ACTION_FORMS[a](prefix=a) for a in allowed}
    roles = services.actor_roles(hazard, request.user)
    can_plan = hazard.is_major and hazard.status != "closed" and roles & {"enterprise", "official"}
    return render(
        request,
        "hazards/detail.html",
        {
            "hazard": hazard,
            "forms": [(a, HazardAction(a).label, form) for a, form in forms.items()],
            "plan_form": f.MajorPlanForm(prefix="plan", initial=_plan_initial(hazard)) if can_plan else None,
            "history": history_for(hazard),
            "submissions": hazard.submissions.prefetch_related("photos").select_related("submitted_by"),
            "before_photos": hazard.evidence.filter(after=False),
            "enforcement": hazard.enforcement.visible_to(request.user),
            "is_official": getattr(request.user, "is_official", False),
            "notices": hazard.notices.all(),
        },
    )


def _plan_initial(hazard: Hazard) -> dict:
    return {
        "responsibility": hazard.responsibility,
        "funds_planned": hazard.funds_planned,
        "contingency_plan": hazard.contingency_plan,
        "reported_to_department_on": hazard.reported_to_department_on,
        "reported_to_congress_on": hazard.reported_to_congress_on,
    }


def _version(request) -> int | None:
    value = request.POST.get("version")
    return int(value) if value and value.isdigit() else None


@login_required
@require_POST
def hazard_action(request, pk: int, action: str):
    hazard = get_visible_or_404(Hazard, request.user, pk=pk)
    if action == "major_plan":
        form = f.MajorPlanForm(request.POST, prefix="plan")
    elif action in ACTION_FORMS:
        form = ACTION_FORMS[action](request.POST, request.FILES, prefix=action)
    else:
        raise Http404
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{' '.join(errors)}")
        return redirect("hazards:detail", pk=pk)
    data, version = form.cleaned_data, _version(request)
    call = {
        "major_plan": services.hazard_record_major_plan,
        HazardAction.ASSIGN: services.hazard_assign,
        HazardAction.SUBMIT: services.hazard_submit_rectification,
        HazardAction.RECTIFY_IMMEDIATELY: services.hazard_rectify_immediately,
        HazardAction.ACCEPT: services.hazard_accept,
        HazardAction.REJECT: services.hazard_reject,
        HazardAction.LIST: services.hazard_list_for_supervision,
    }[action]
    try:
        call(hazard=hazard, actor=request.user, expected_version=version, **data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("操作成功。"))
    return redirect("hazards:detail", pk=pk)


@login_required
def hazard_evidence(request, pk: int):
    evidence = HazardEvidence.objects.visible_to(request.user).filter(pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence_response(evidence)


@login_required
def hazard_self_report(request):
    if not request.user.is_enterprise_user:
        raise PermissionDenied
    form = f.SelfReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hazard = services.hazard_self_report(actor=request.user, **form.cleaned_data)
        messages.success(request, _("已自查自报隐患。"))
        return redirect("hazards:detail", pk=hazard.pk)
    return render(request, "hazards/self_report.html", {"form": form})


# --- overdue notices and the public reports inbox ------------------------------------------


def agency_notices(user):
    """Overdue notices escalated to the supervising agency (step 2) within the official's jurisdiction."""
    return HazardNotice.objects.visible_to(user).filter(step=NoticeStep.AGENCY)


@login_required
def notices(request):
    if not (request.user.is_superuser or getattr(request.user, "is_official", False)):
        raise PermissionDenied
    qs = (
        agency_notices(request.user)
        .select_related("hazard", "hazard__enterprise", "agency")
        .order_by("-sent_on", "-id")
    )
    if request.GET.get("open") == "true":
        qs = qs.exclude(hazard__status=HazardStatus.CLOSED)
    return render(request, "hazards/notices.html", {"page_obj": page_of(request, qs)})


@login_required
def reports_inbox(request):
    reports = PublicReport.objects.visible_to(request.user).select_related("region", "industry", "hazard")
    if request.method == "POST":
        report = reports.filter(pk=request.POST.get("report")).first()
        if report is None:
            raise Http404
        try:
            if request.POST.get("op") == "verify":
                enterprise = get_visible_or_404(Enterprise, request.user, pk=request.POST.get("enterprise") or 0)
                hazard = services.public_report_verify(
                    report=report,
                    actor=request.user,
                    enterprise=enterprise,
                    level=request.POST.get("level") or HazardLevel.GENERAL,
                )
                messages.success(request, _("已核实并立为隐患。"))
                return redirect("hazards:detail", pk=hazard.pk)
            services.public_report_dismiss(report=report, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("已办结。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("hazards:reports")
    return render(
        request,
        "hazards/reports_inbox.html",
        {
            "page_obj": page_of(request, narrow_request(request, reports, PUBLIC_REPORT_TODOS)),
            "verify_form": f.VerifyReportForm(user=request.user),
            "levels": HazardLevel.choices,
            "source": HazardSource,
        },
    )
