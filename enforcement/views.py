"""Enforcement, legal review, blacklist and publicity pages, and the public disclosure page (曝光, no login).

Thin: forms parse, services decide, errors become messages. The page paths stay under /hazards/
(and /public/disclosure/); config/urls.py mounts them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import OfficialRole
from core.audit import history_for
from core.errors import DomainError
from core.views import get_visible_or_404, page_of, query_without_page
from enterprises.models import Enterprise
from enterprises.scoping import is_writer
from hazards.models import Hazard
from reports.statistics.drilldown import narrow_list

from . import forms as f
from . import services
from .choices import PublicationKind
from .filters import BlacklistFilter, EnforcementFilter
from .models import BlacklistEntry, EnforcementAction, Publication
from .selectors import publications_managed_by

_is_enforcer = is_writer


@login_required
def enforcement_list(request):
    base = EnforcementAction.objects.visible_to(request.user).select_related("enterprise", "author", "agency")
    drilled, drill, drill_error = narrow_list(request, base, "enforcement")
    filterset = EnforcementFilter(None if drilled is not None else request.GET or None, queryset=base, request=request)
    qs = drilled if drilled is not None else filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return render(
        request,
        "enforcement/list.html",
        {
            "page_obj": page_of(request, qs),
            "filter": filterset,
            "query": query_without_page(request),
            "drill": drill,
            "drill_error": drill_error,
        },
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
            return redirect("enforcement:detail", pk=action.pk)
    return render(request, "enforcement/form.html", {"form": form, "enterprise": enterprise, "hazard": hazard})


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
        return redirect("enforcement:detail", pk=pk)
    return render(
        request,
        "enforcement/detail.html",
        {"action": action, "review_form": f.ReviewForm() if can_review else None, "history": history_for(action)},
    )


# --- blacklist and publicity ---------------------------------------------------------------


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
        return redirect(f"{reverse('enforcement:blacklist')}?{query_without_page(request)}")
    return render(
        request,
        "enforcement/blacklist.html",
        {
            "page_obj": page_of(request, qs),
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
    mine = publications_managed_by(user)
    if request.method == "POST":
        publication = mine.filter(pk=request.POST.get("publication")).first()
        if publication is None:
            raise Http404
        try:
            services.publication_withdraw(actor=user, publication=publication, reason=request.POST.get("reason", ""))
            messages.success(request, _("已从公示页面撤回。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("enforcement:publications")
    return render(request, "enforcement/publications.html", {"page_obj": page_of(request, mine)})


def disclosure(request):
    """曝光: only what agencies chose to publish (public, no login)."""
    published = Publication.objects.filter(withdrawn=False).select_related("agency")
    groups = [(label, [p for p in published if p.kind == kind]) for kind, label in PublicationKind.choices]
    return render(request, "enforcement/disclosure.html", {"groups": groups})
