"""Pages of submissions (报送): a requirement's table with 催报, the unit's own list, submitting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.todo import narrow_request
from core.views import get_visible_or_404, page_of, query_without_page

from .. import services
from ..forms import (
    SubmissionForm,
)
from ..models import Submission
from ..selectors import (
    submissions_for,
    with_reminders,
)
from ..todo import SUBMISSION_TODOS
from .campaigns import _campaign, _form_error

SUBMISSIONS_PER_PAGE = 50


@login_required
def submission_list(request, pk: int):
    campaign = _campaign(request, pk)
    status = request.GET.get("status") or None
    rows = submissions_for(request.user, campaign=campaign, status=status).order_by(
        "requirement__order", "due_date", "region_path", "id"
    )
    requirement = request.GET.get("requirement")
    if requirement and requirement.isdigit():
        rows = rows.filter(requirement_id=requirement)
    page = page_of(request, with_reminders(rows), per_page=SUBMISSIONS_PER_PAGE)
    user = request.user
    for row in page:  # the permission depends on the campaign only, so this costs no query per row
        row.can_remind = row.status != "submitted" and services.runs_campaign_of(user, row)
    # 一键催报 reaches every late unit of the filtered list, not only this page's.
    late = with_reminders(rows.with_status("overdue")).filter(reminded_today=False)
    overdue_count = sum(1 for row in late if services.runs_campaign_of(user, row))
    return render(
        request,
        "campaigns/submissions.html",
        {
            "campaign": campaign,
            "export_extra": f"campaign={campaign.pk}",
            "page_obj": page,
            "rows": page.object_list,
            "query": query_without_page(request),
            "status": status,
            "can_remind": any(r.can_remind for r in page),
            "overdue_count": overdue_count,
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
    rows = narrow_request(request, rows, SUBMISSION_TODOS)  # ?todo= from the home page
    page = page_of(request, with_reminders(rows).order_by("due_date", "id"), per_page=SUBMISSIONS_PER_PAGE)
    return render(
        request,
        "campaigns/my_submissions.html",
        {"page_obj": page, "rows": page.object_list, "query": query_without_page(request)},
    )
