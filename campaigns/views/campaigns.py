"""Campaign pages: list, detail with live targets and roll-up, create/edit with phases, and the
small forms of the detail page (targets, tasks, requirements, attached checklists)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.keyset import bounded_count, count_label
from core.views import ScopedListView, get_visible_or_404
from reports.statistics.campaigns import campaign_rollup, children_progress, target_rows

from .. import services
from ..filters import CampaignFilter
from ..forms import (
    AttachChecklistForm,
    CampaignForm,
    PhaseFormSet,
    RequirementForm,
    TargetForm,
    TaskForm,
    TaskStatusForm,
)
from ..models import Campaign, InspectionGroup
from ..selectors import (
    submission_summary,
)


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class CampaignListView(ScopedListView):
    model = Campaign
    template_name = "campaigns/list.html"
    paginate_by = 30

    def get_queryset(self):
        base = (
            super().get_queryset().select_related("region", "agency", "parent").prefetch_related("industries", "phases")
        )
        self.filterset = CampaignFilter(self.request.GET or None, queryset=base, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else base

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["can_create"] = services.can_write_campaigns(self.request.user)
        return ctx


def _campaign(request, pk) -> Campaign:
    return get_visible_or_404(Campaign, request.user, pk=pk)


@login_required
def campaign_detail(request, pk: int):
    campaign = get_visible_or_404(
        Campaign.objects.select_related("region", "agency", "parent").prefetch_related(
            "industries",
            "phases",
            "checklists",
            "tasks__lead_agency",
            "tasks__attachments",
            "tasks__cooperating_agencies__region",
            "tasks__progress_entries__recorded_by",
            "report_requirements",
        ),
        request.user,
        pk=pk,
    )
    user = request.user
    can_change = services.can_change_campaign(user, campaign)
    requirements = [(r, submission_summary(r, user)) for r in campaign.report_requirements.all()]
    groups = InspectionGroup.objects.visible_to(user).filter(campaign=campaign).prefetch_related("members__user")
    context = {
        "campaign": campaign,
        "can_change": can_change,
        "can_plan": services.can_write_campaigns(user),
        "current_phase": campaign.current_phase(),
        "targets": target_rows(campaign),
        "tasks": [(t, services.can_update_task(user, t)) for t in campaign.tasks.all()],
        "requirements": requirements,
        "children": children_progress(campaign, user),
        "rollup": campaign_rollup(campaign),
        "groups": groups,
        "enterprise_count": count_label(*bounded_count(campaign.enterprises_in_scope(user=user))),
        "target_form": TargetForm(),
        "task_form": TaskForm(campaign=campaign),
        "requirement_form": RequirementForm(),
        "attach_form": AttachChecklistForm(),
        "status_form": TaskStatusForm(),
    }
    return render(request, "campaigns/detail.html", context)


def _phases_from(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
    ]


@login_required
def campaign_create(request):
    if not services.can_write_campaigns(request.user):
        raise PermissionDenied
    parent = None
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    if parent_id:
        parent = get_visible_or_404(Campaign, request.user, pk=parent_id)
    initial = {}
    if parent is not None:
        initial = {
            "title": "",
            "kind": parent.kind,
            "period_start": parent.period_start,
            "period_end": parent.period_end,
            "industries": list(parent.industries.all()),
            "checklists": list(parent.checklists.all()),
        }
    form = CampaignForm(request.POST or None, user=request.user, parent=parent, initial=initial)
    phases = PhaseFormSet(request.POST or None, prefix="phases")
    if request.method == "POST" and form.is_valid() and phases.is_valid():
        data = dict(form.cleaned_data)
        try:
            campaign = services.campaign_create(
                actor=request.user,
                title=data.pop("title"),
                region=data.pop("region"),
                industries=data.pop("industries"),
                checklists=data.pop("checklists"),
                phases=_phases_from(phases),
                parent=parent,
                **data,
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已创建专项行动「%(t)s」。") % {"t": campaign.title})
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "phases": phases, "parent": parent, "creating": True})


@login_required
def campaign_edit(request, pk: int):
    campaign = _campaign(request, pk)
    if not services.can_change_campaign(request.user, campaign):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user, parent=campaign.parent)
    initial = [
        {"name": p.name, "start": p.start, "end": p.end, "description": p.description} for p in campaign.phases.all()
    ]
    phases = PhaseFormSet(request.POST or None, prefix="phases", initial=initial)
    if request.method == "POST" and form.is_valid() and phases.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            services.campaign_update(
                actor=request.user,
                campaign=campaign,
                industries=data.pop("industries"),
                checklists=data.pop("checklists"),
                phases=_phases_from(phases),
                **data,
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(
        request, "campaigns/form.html", {"form": form, "phases": phases, "object": campaign, "parent": campaign.parent}
    )


def _post_command(request, pk, form_class, call, **form_kwargs):
    campaign = _campaign(request, pk)
    form = form_class(request.POST, **{k: (campaign if v == "campaign" else v) for k, v in form_kwargs.items()})
    if form.is_valid():
        try:
            call(campaign, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存。"))
    else:
        messages.error(
            request,
            "；".join(
                f"{form.fields[f].label if f in form.fields else ''}：{'，'.join(e)}" for f, e in form.errors.items()
            ),
        )
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@require_POST
def target_add(request, pk: int):
    return _post_command(
        request,
        pk,
        TargetForm,
        lambda c, d: services.target_add(
            actor=request.user, campaign=c, name=d["name"], indicator=d["indicator"], target_value=d["target_value"]
        ),
    )


@login_required
@require_POST
def task_add(request, pk: int):
    return _post_command(
        request,
        pk,
        TaskForm,
        lambda c, d: services.task_add(actor=request.user, campaign=c, **d),
        campaign="campaign",
    )


@login_required
@require_POST
def requirement_add(request, pk: int):
    return _post_command(
        request, pk, RequirementForm, lambda c, d: services.requirement_add(actor=request.user, campaign=c, **d)
    )


@login_required
@require_POST
def attach_checklist(request, pk: int):
    return _post_command(
        request,
        pk,
        AttachChecklistForm,
        lambda c, d: services.campaign_attach_checklist(actor=request.user, campaign=c, template=d["template"]),
    )
