"""Pages of the progress report (工作进展情况): a preview of a campaign's report for a unit and
period, and its downloads as Word (.docx, to be edited by the unit before sending) and PDF.
Officials only; the campaign, the unit and the period are checked by `resolve_progress`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from campaigns.models import Campaign
from core.errors import DomainError

from .progress import progress_report_data, resolve_progress
from .renderers.docx import render_progress_docx
from .renderers.progress_pdf import render_progress_pdf
from .selectors import require_official, unit_regions

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def filename(data: dict, suffix: str) -> str:
    """e.g. "南宁市应急管理局-南宁市冶金工贸安全生产大检查工作进展情况-2026-06.docx"."""
    return f"{data['unit']}-{data['title']}-{data['period']}.{suffix}"


def download(content: bytes, content_type: str, name: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    return response


def _page(request, **extra):
    context = {
        "campaigns": Campaign.objects.visible_to(request.user).order_by("-issue_date", "-id")[:200],
        "regions": unit_regions(request.user),
        "params": request.GET,
        **extra,
    }
    return render(request, "reports/progress.html", context, status=400 if extra.get("error") else 200)


def _data(request):
    choice = resolve_progress(request.GET, request.user)
    return choice, progress_report_data(**choice, viewer=request.user)


@login_required
@require_GET
def progress(request):
    """The preview, with links to the .docx and the PDF; without a campaign, the choice form."""
    require_official(request.user)
    if not request.GET.get("campaign"):
        return _page(request)
    try:
        choice, data = _data(request)
    except DomainError as exc:
        return _page(request, error=exc.message, error_field=exc.field)
    return _page(request, data=data, query=request.GET.urlencode(), **choice)


@login_required
@require_GET
def progress_docx(request):
    require_official(request.user)
    try:
        _choice, data = _data(request)
    except DomainError as exc:
        return _page(request, error=exc.message, error_field=exc.field)
    return download(render_progress_docx(data), DOCX, filename(data, "docx"))


@login_required
@require_GET
def progress_pdf(request):
    require_official(request.user)
    try:
        _choice, data = _data(request)
    except DomainError as exc:
        return _page(request, error=exc.message, error_field=exc.field)
    return download(render_progress_pdf(data), PDF, filename(data, "pdf"), inline=True)
