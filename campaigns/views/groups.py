"""Pages of inspection groups: forming a group, its members and the visit calendar."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.views import get_visible_or_404

from .. import services
from ..forms import (
    GroupForm,
    VisitForm,
)
from ..models import InspectionGroup
from ..selectors import (
    expert_pool,
    group_visits_in_month,
    month_grid,
)
from .campaigns import _campaign, _form_error


@login_required
def group_create(request, pk: int):
    campaign = _campaign(request, pk)
    if not services.can_change_campaign(request.user, campaign):
        raise PermissionDenied
    form = GroupForm(request.POST or None, campaign=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=request.user, campaign=campaign, name=form.cleaned_data["name"], members=form.members()
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已组建巡查组「%(n)s」。") % {"n": group.name})
            return redirect("campaigns:group", pk=group.pk)
    return render(
        request,
        "campaigns/group_form.html",
        {"campaign": campaign, "form": form, "experts": expert_pool(campaign)},
    )


@login_required
def group_detail(request, pk: int):
    group = get_visible_or_404(
        InspectionGroup.objects.select_related("campaign").prefetch_related("members__user__agency"),
        request.user,
        pk=pk,
    )
    campaign = group.campaign
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        date(year, month, 1)
    except ValueError:
        first_visit = group.visits.order_by("start").first()
        anchor = (
            first_visit.start
            if first_visit and not group.visits.filter(start__year=today.year, start__month=today.month).exists()
            else today
        )
        year, month = anchor.year, anchor.month
    can_change = services.can_change_campaign(request.user, campaign)
    form = VisitForm(request.POST or None, campaign=campaign, user=request.user)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                visit = services.group_visit_add(actor=request.user, group=group, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("已安排巡查。"))
                return redirect(f"{request.path}?month={visit.start.year}-{visit.start.month}")
    visits = group_visits_in_month(group, year, month)
    prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    next_month = (year, month + 1) if month < 12 else (year + 1, 1)
    return render(
        request,
        "campaigns/group.html",
        {
            "group": group,
            "campaign": campaign,
            "weeks": month_grid(year, month, visits),
            "year": year,
            "month": month,
            "prev": f"{prev_month[0]}-{prev_month[1]}",
            "next": f"{next_month[0]}-{next_month[1]}",
            "visits": group.visits.select_related("enterprise").order_by("start"),
            "form": form,
            "can_change": can_change,
            "today": today,
        },
        status=400 if form.errors else 200,
    )
