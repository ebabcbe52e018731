"""Pages of the download centre (下载中心): ask for an export of a list with its current filters,
follow its progress (the page polls the job's row), download the file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.views import get_visible_or_404, page_of

from .exports.jobs import export_request
from .exports.kinds import KINDS
from .models import ExportJob, ExportStatus


def job_state(job: ExportJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_display": job.get_status_display(),
        "total": job.total,
        "done": job.done,
        "percent": job.progress_percent,
        "error": job.error,
        "size": job.size,
        "file_url": reverse("reports:download_file", args=[job.pk]) if job.status == ExportStatus.DONE else "",
    }


@login_required
def downloads(request):
    jobs = ExportJob.objects.visible_to(request.user)
    return render(
        request,
        "reports/downloads.html",
        {"page_obj": page_of(request, jobs, per_page=20), "kinds": {k: v.label for k, v in KINDS.items()}},
    )


@login_required
@require_POST
def download_new(request):
    """`kind`, `format` and the list's query string (`query`) → a job, then the download centre."""
    from django.http import QueryDict

    query = QueryDict(request.POST.get("query", ""))
    filters = {key: query.getlist(key) if len(query.getlist(key)) > 1 else query.get(key) for key in query}
    try:
        job = export_request(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            filters=filters,
            fmt=request.POST.get("format", "xlsx"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(request.META.get("HTTP_REFERER") or "reports:downloads")
    messages.success(request, _("已加入下载中心，生成后即可下载。"))
    return redirect(f"{reverse('reports:downloads')}#job-{job.pk}")


@login_required
def download_status(request, pk: int):
    return JsonResponse(job_state(get_visible_or_404(ExportJob, request.user, pk=pk)))


@login_required
def download_file(request, pk: int):
    job = get_visible_or_404(ExportJob, request.user, pk=pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
