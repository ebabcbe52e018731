"""Pages of reports: the statistics forms (live, with every figure a link to its
rows), the units' reports submitted level by level, and the glossary of the figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.choices import StatForm
from campaigns.models import Campaign
from core.audit import history_for
from core.errors import DomainError
from core.replica import replica_reads
from core.todo import narrow_request
from core.views import get_visible_or_404, page_of

from . import services
from .models import StatReport, StatReportStatus
from .renderers.xlsx import render_form_xlsx
from .selectors import (
    live_statistics,
    report_data,
    report_file,
    require_official,
    resolve,
    snapshot_differences,
    snapshot_verifies,
    unit_regions,
    with_links,
)
from .statistics.figures import glossary as glossary_entries
from .todo import STAT_REPORT_TODOS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def statistics(request):
    """The live statistics form of a unit: every number links to the list of the rows it counts."""
    require_official(request.user)
    context = {
        "forms": StatForm.choices,
        "campaigns": Campaign.objects.visible_to(request.user).order_by("-issue_date")[:200],
        "regions": unit_regions(request.user),
    }
    try:
        with replica_reads():  # the live form is reads only: the standby may serve them (core/replica.py)
            choice, data = live_statistics(request.GET, request.user)
    except DomainError as exc:
        return render(request, "reports/statistics.html", {**context, "error": exc.message}, status=400)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(render_form_xlsx(data, filler=request.user.display_name), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="statistics-{choice["form"]}-{choice["region"].code}.xlsx"'
        )
        return response
    existing = None
    if choice["campaign"] is not None:
        existing = StatReport.objects.filter(
            campaign=choice["campaign"], form=choice["form"], region=choice["region"], period=choice["period"]
        ).first()
    return render(request, "reports/statistics.html", {**context, **choice, "data": data, "existing": existing})


@login_required
@require_POST
def stat_report_create(request):
    require_official(request.user)
    try:
        choice = resolve(request.POST, request.user)
        if choice["campaign"] is None:
            raise DomainError(_("请选择专项行动。"), field="campaign")
        report, _created = services.stat_report_generate(
            actor=request.user,
            campaign=choice["campaign"],
            region=choice["region"],
            period=choice["period"],
            form=choice["form"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(request.META.get("HTTP_REFERER") or "reports:statistics")
    return redirect("reports:stat_report", pk=report.pk)


@login_required
def stat_report_list(request):
    require_official(request.user)
    qs = StatReport.objects.visible_to(request.user).select_related("campaign", "region", "agency")
    if request.GET.get("campaign", "").isdigit():
        qs = qs.filter(campaign_id=request.GET["campaign"])
    if request.GET.get("status") in StatReportStatus.values:
        qs = qs.filter(status=request.GET["status"])
    qs = narrow_request(request, qs, STAT_REPORT_TODOS)  # ?todo= from the home page
    return render(
        request, "reports/stat_reports.html", {"page_obj": page_of(request, qs), "statuses": StatReportStatus.choices}
    )


@login_required
def stat_report_detail(request, pk: int):
    require_official(request.user)
    report = get_visible_or_404(StatReport.objects.select_related("campaign", "region", "agency"), request.user, pk=pk)
    data = report_data(report)
    if not report.frozen:
        data = with_links(data)
    user = request.user
    context = {
        "report": report,
        "data": data,
        "verified": snapshot_verifies(report) if report.frozen else None,
        "differences": snapshot_differences(report),
        "versions": report.versions.select_related("submitted_by"),
        "history": history_for(report),
        "can_submit": services.can_submit_report(user, report)
        and report.status in (StatReportStatus.DRAFT, StatReportStatus.RETURNED),
        "can_decide": services.can_decide_report(user, report) and report.status == StatReportStatus.SUBMITTED,
        "sub_reports": StatReport.objects.visible_to(user)
        .filter(campaign=report.campaign, form=report.form, period=report.period, region__parent=report.region)
        .select_related("region"),
    }
    return render(request, "reports/stat_report.html", context)


@login_required
@require_POST
def stat_report_action(request, pk: int, action: str):
    require_official(request.user)
    report = get_visible_or_404(StatReport, request.user, pk=pk)
    try:
        if action == "submit":
            services.stat_report_submit(actor=request.user, report=report, remark=request.POST.get("remark", ""))
            messages.success(request, _("已上报，数据已固定。"))
        elif action == "return":
            services.stat_report_return(actor=request.user, report=report, reason=request.POST.get("reason", ""))
            messages.success(request, _("已退回。"))
        elif action == "accept":
            services.stat_report_accept(actor=request.user, report=report)
            messages.success(request, _("已审核通过。"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reports:stat_report", pk=report.pk)


@login_required
def stat_report_xlsx(request, pk: int):
    require_official(request.user)
    report = get_visible_or_404(StatReport, request.user, pk=pk)
    content, filename = report_file(report, filler=request.user.display_name)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def glossary(request):
    """口径说明: what every figure counts and from which records (public within the product)."""
    return render(request, "reports/glossary.html", {"sections": glossary_entries(), "today": timezone.localdate()})
