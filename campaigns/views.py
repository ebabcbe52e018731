"""Campaign pages: list, detail, create/edit with phases, targets/tasks/requirements, submissions,
groups with a visit calendar. Thin: services decide."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.views import ScopedListView, get_visible_or_404
from reports.statistics.campaigns import campaign_rollup, children_progress, target_rows

from . import services
from .filters import CampaignFilter
from .forms import (
    AttachChecklistForm,
    CampaignForm,
    GroupForm,
    PhaseFormSet,
    RequirementForm,
    SubmissionForm,
    TargetForm,
    TaskEditForm,
    TaskForm,
    TaskStatusForm,
    VisitForm,
)
from .models import Campaign, InspectionGroup, Submission, Task, TaskAttachment
from .selectors import (
    expert_pool,
    group_visits_in_month,
    month_grid,
    submission_summary,
    submissions_for,
    with_reminders,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        "enterprise_count": campaign.enterprises_in_scope(user=user).count(),
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


def _task(request, pk) -> Task:
    task = Task.objects.select_related("campaign").filter(pk=pk).first()
    if task is None or not Campaign.objects.visible_to(request.user).filter(pk=task.campaign_id).exists():
        raise Http404
    return task


@login_required
@require_POST
def task_status(request, pk: int):
    task = _task(request, pk)
    form = TaskStatusForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_update_status(
                actor=request.user, task=task, progress=form.cleaned_data["progress"], note=form.cleaned_data["note"]
            )
            if form.cleaned_data.get("file"):
                services.task_attach(actor=request.user, task=task, upload=form.cleaned_data["file"])
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied from exc
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已更新任务进展。"))
    return redirect("campaigns:detail", pk=task.campaign_id)


@login_required
def task_edit(request, pk: int):
    task = _task(request, pk)
    campaign = task.campaign
    if not services.can_change_campaign(request.user, campaign):
        raise PermissionDenied
    initial = {
        "title": task.title,
        "description": task.description,
        "lead_agency": task.lead_agency_id,
        "lead_name": task.lead_name,
        "cooperating_agencies": list(task.cooperating_agencies.values_list("pk", flat=True)),
        "cooperating_names": "\n".join(task.cooperating_names),
        "deadline": task.deadline,
    }
    form = TaskEditForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(actor=request.user, task=task, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已保存任务「%(t)s」。") % {"t": form.cleaned_data["title"]})
            return redirect(f"{reverse('campaigns:detail', args=[campaign.pk])}#tasks")
    return render(
        request,
        "campaigns/task_form.html",
        {
            "task": task,
            "campaign": campaign,
            "form": form,
            "history": task.progress_entries.select_related("recorded_by"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def task_attachment(request, pk: int):
    attachment = TaskAttachment.objects.filter(pk=pk).select_related("task").first()
    if attachment is None:
        raise Http404
    _task(request, attachment.task_id)  # 404 unless the campaign is visible
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def submission_list(request, pk: int):
    campaign = _campaign(request, pk)
    status = request.GET.get("status") or None
    rows = submissions_for(request.user, campaign=campaign, status=status).order_by(
        "requirement__order", "due_date", "region_path"
    )
    requirement = request.GET.get("requirement")
    if requirement:
        rows = rows.filter(requirement_id=requirement)
    rows = list(with_reminders(rows)[:500])
    user = request.user
    for row in rows:  # the permission depends on the campaign only, so this costs no query per row
        row.can_remind = row.status != "submitted" and services.runs_campaign_of(user, row)
    return render(
        request,
        "campaigns/submissions.html",
        {
            "campaign": campaign,
            "rows": rows,
            "status": status,
            "can_remind": any(r.can_remind for r in rows),
            "overdue_count": sum(1 for r in rows if r.status == "overdue" and r.can_remind and not r.reminded_today),
        },
    )


def _back_to_submissions(request, campaign_pk: int):
    target = request.POST.get("next") or ""
    if target.startswith(f"/campaigns/{campaign_pk}/submissions/"):
        return redirect(target)
    return redirect("campaigns:submissions", pk=campaign_pk)


@login_required
@require_POST
def submission_remind(request, pk: int):
    submission = get_visible_or_404(
        Submission.objects.select_related("requirement__campaign", "agency", "enterprise"), request.user, pk=pk
    )
    try:
        services.submission_remind(actor=request.user, submission=submission, note=request.POST.get("note", ""))
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已向「%(u)s」催报。") % {"u": submission.unit_name})
    return _back_to_submissions(request, submission.requirement.campaign_id)


@login_required
@require_POST
def submissions_remind_late(request, pk: int):
    campaign = _campaign(request, pk)
    sent = services.submissions_remind_late(actor=request.user, campaign=campaign, note=request.POST.get("note", ""))
    if sent:
        messages.success(request, _("已向 %(n)d 个逾期单位催报。") % {"n": sent})
    else:
        messages.info(request, _("没有需要催报的逾期单位（今天已催报过的不再重复催报）。"))
    return _back_to_submissions(request, campaign.pk)


@login_required
def submission_submit(request, pk: int):
    submission = get_visible_or_404(
        Submission.objects.select_related("requirement__campaign", "agency", "enterprise"), request.user, pk=pk
    )
    can_submit = services.can_submit(request.user, submission)
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.submission_submit(
                    actor=request.user,
                    submission=submission,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data.get("file"),
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("已报送。"))
                return redirect("campaigns:submission", pk=submission.pk)
    return render(
        request,
        "campaigns/submission.html",
        {
            "submission": submission,
            "form": form,
            "can_submit": can_submit,
            "reminders": submission.reminders.select_related("sent_by"),
        },
    )


@login_required
def submission_file(request, pk: int):
    submission = get_visible_or_404(Submission, request.user, pk=pk)
    if not submission.file:
        raise Http404
    return FileResponse(submission.file.open("rb"), as_attachment=True, filename=submission.original_name)


@login_required
def my_submissions(request):
    """The reports the user's unit owes (enterprise or agency)."""
    user = request.user
    rows = submissions_for(user)
    if getattr(user, "is_enterprise_user", False):
        rows = rows.filter(enterprise_id=user.enterprise_id)
    elif getattr(user, "is_official", False):
        rows = rows.filter(agency_id=user.agency_id)
    else:
        rows = rows.none()
    return render(request, "campaigns/my_submissions.html", {"rows": with_reminders(rows).order_by("due_date")[:300]})


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
