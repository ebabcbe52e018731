"""Pages of a campaign's tasks: status by the lead agency, edit, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError

from .. import services
from ..forms import (
    TaskEditForm,
    TaskStatusForm,
)
from ..models import Campaign, Task, TaskAttachment
from .campaigns import _form_error


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
