"""Hazard, enforcement and blacklist pages. Thin: forms parse, services decide, errors become messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import OfficialRole
from core.audit import history_for
from core.errors import DomainError
from core.uploads import evidence_response
from core.views import get_visible_or_404
from enterprises.models import Enterprise
from enterprises.scoping import is_writer

from . import forms as f
from . import services
from .choices import HazardAction, HazardLevel, HazardSource, HazardStatus, NoticeStep
from .filters import BlacklistFilter, EnforcementFilter, HazardFilter
from .models import BlacklistEntry, EnforcementAction, Hazard, HazardEvidence, HazardNotice, Publication, PublicReport

ACTION_FORMS = {
    HazardAction.ASSIGN: f.AssignForm,
    HazardAction.SUBMIT: f.SubmitForm,
    HazardAction.RECTIFY_IMMEDIATELY: f.ImmediateForm,
    HazardAction.ACCEPT: f.AcceptForm,
    HazardAction.REJECT: f.RejectForm,
    HazardAction.LIST: f.ListForm,
}


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, queryset, per_page=30):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@login_required
def hazard_list(request):
    base = Hazard.objects.visible_to(request.user).select_related("enterprise", "listed_by")
    filterset = HazardFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return render(
        request,
        "hazards/list.html",
        {
            "page_obj": _page(request, qs),
            "filter": filterset,
            "query": _query(request),
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
            "enforcement": hazard.enforcement.all(),
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


# --- enforcement ---------------------------------------------------------------------------


_is_enforcer = is_writer


@login_required
def enforcement_list(request):
    base = EnforcementAction.objects.visible_to(request.user).select_related("enterprise", "author", "agency")
    filterset = EnforcementFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return render(
        request,
        "hazards/enforcement_list.html",
        {"page_obj": _page(request, qs), "filter": filterset, "query": _query(request)},
    )


@login_required
def enforcement_new(request):
    if not _is_enforcer(request.user):
        raise PermissionDenied
    hazard = get_visible_or_404(Hazard, request.user, pk=request.GET["hazard"]) if request.GET.get("hazard") else None
    enterprise = (
        get_visible_or_404(Enterprise, request.user, pk=request.GET["enterprise"])
        if request.GET.get("enterprise")
        else (hazard.enterprise if hazard else None)
    )
    if enterprise is None:
        raise Http404
    form = f.EnforcementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.enforcement_create(
                actor=request.user, enterprise=enterprise, hazard=hazard, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("已登记执法措施。") if action.effective else _("已提交法制审核，审核通过后生效。")
            )
            return redirect("hazards:enforcement_detail", pk=action.pk)
    return render(request, "hazards/enforcement_form.html", {"form": form, "enterprise": enterprise, "hazard": hazard})


@login_required
def enforcement_detail(request, pk: int):
    action = get_visible_or_404(EnforcementAction, request.user, pk=pk)
    user = request.user
    can_review = (
        action.status == "pending_review"
        and getattr(user, "is_official", False)
        and user.role == OfficialRole.LEGAL
        and user.agency_id == action.agency_id
        and user.pk != action.author_id
    )
    if request.method == "POST":
        form = f.ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.enforcement_review(action=action, actor=user, **form.cleaned_data)
                messages.success(request, _("审核意见已记录。"))
            except DomainError as exc:
                messages.error(request, exc.message)
        return redirect("hazards:enforcement_detail", pk=pk)
    return render(
        request,
        "hazards/enforcement_detail.html",
        {"action": action, "review_form": f.ReviewForm() if can_review else None, "history": history_for(action)},
    )


# --- blacklist, public reports inbox, publicity ---------------------------------------------


@login_required
def blacklist(request):
    base = (
        BlacklistEntry.objects.visible_to(request.user)
        .select_related("enterprise", "agency")
        .prefetch_related("removal_applications")
    )
    filterset = BlacklistFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    enterprise = None
    if request.GET.get("enterprise") and _is_enforcer(request.user):
        enterprise = get_visible_or_404(Enterprise, request.user, pk=request.GET["enterprise"])
    if request.method == "POST":
        _blacklist_post(request)
        return redirect(f"{reverse('hazards:blacklist')}?{_query(request)}")
    return render(
        request,
        "hazards/blacklist.html",
        {
            "page_obj": _page(request, qs),
            "filter": filterset,
            "enterprise": enterprise,
            "can_act": _is_enforcer(request.user),
            "today": timezone.localdate(),
            "form": f.BlacklistForm(initial={"enterprise": enterprise.pk}) if enterprise else None,
        },
    )


def _blacklist_post(request) -> None:
    user, op = request.user, request.POST.get("op")
    try:
        if op == "notify":
            form = f.BlacklistForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("请填写列入事由和法律依据。"))
            enterprise = get_visible_or_404(Enterprise, user, pk=form.cleaned_data["enterprise"])
            services.blacklist_notify(
                actor=user,
                enterprise=enterprise,
                reason=form.cleaned_data["reason"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        else:
            entry = get_visible_or_404(BlacklistEntry, user, pk=request.POST.get("entry"))
            if op == "list":
                services.blacklist_list(entry=entry, actor=user)
            elif op == "withdraw":
                services.blacklist_withdraw(entry=entry, actor=user, reason=request.POST.get("reason", ""))
            elif op == "remove":
                services.blacklist_remove_early(
                    entry=entry, actor=user, credit_repair=request.POST.get("credit_repair", "")
                )
            elif op == "publish":
                services.publication_publish(actor=user, blacklist_entry=entry)
            elif op == "object":
                services.blacklist_object(entry=entry, actor=user, statement=request.POST.get("statement", ""))
            elif op == "apply_removal":
                services.blacklist_apply_removal(
                    entry=entry, actor=user, credit_repair=request.POST.get("credit_repair", "")
                )
            elif op == "refuse_removal":
                services.blacklist_refuse_removal(entry=entry, actor=user, reason=request.POST.get("reason", ""))
            else:
                raise Http404
        messages.success(request, _("操作成功。"))
    except DomainError as exc:
        messages.error(request, exc.message)


@login_required
@require_POST
def publish(request):
    user = request.user
    try:
        if request.POST.get("hazard"):
            services.publication_publish(actor=user, hazard=get_visible_or_404(Hazard, user, pk=request.POST["hazard"]))
        elif request.POST.get("enforcement_action"):
            action = get_visible_or_404(EnforcementAction, user, pk=request.POST["enforcement_action"])
            services.publication_publish(actor=user, enforcement_action=action)
        messages.success(request, _("已发布到公示页面。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(request.POST.get("next") or "hazards:list")


@login_required
def publications(request):
    """The publishing agency's own entries on the public page, with withdrawal (撤回)."""
    user = request.user
    if not (user.is_superuser or getattr(user, "is_official", False)):
        raise PermissionDenied
    mine = Publication.objects.select_related("agency", "withdrawn_by")
    if not user.is_superuser:
        mine = mine.filter(agency_id=user.agency_id)
    if request.method == "POST":
        publication = mine.filter(pk=request.POST.get("publication")).first()
        if publication is None:
            raise Http404
        try:
            services.publication_withdraw(actor=user, publication=publication, reason=request.POST.get("reason", ""))
            messages.success(request, _("已从公示页面撤回。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("hazards:publications")
    return render(request, "hazards/publications.html", {"page_obj": _page(request, mine)})


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
    return render(request, "hazards/notices.html", {"page_obj": _page(request, qs)})


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
    enterprises = Enterprise.objects.visible_to(request.user).order_by("name")[:500]
    return render(
        request,
        "hazards/reports_inbox.html",
        {
            "page_obj": _page(request, reports),
            "enterprises": enterprises,
            "levels": HazardLevel.choices,
            "source": HazardSource,
        },
    )
