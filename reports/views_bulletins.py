"""Pages of bulletins (通报): the list with a form to draft one, a bulletin with its PDF and the
issue form. Issued bulletins of the units above appear on the sub-units' home pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from core.errors import DomainError
from core.views import get_visible_or_404, page_of

from .bulletins import bulletin_content, bulletin_create, bulletin_issue, bulletin_pdf_bytes
from .models import Bulletin, BulletinKind, BulletinStatus
from .selectors import require_official, resolve, unit_regions


@login_required
def bulletin_list(request):
    require_official(request.user)
    qs = Bulletin.objects.visible_to(request.user).select_related("agency", "campaign")
    return render(
        request,
        "reports/bulletins.html",
        {
            "page_obj": page_of(request, qs),
            "kinds": BulletinKind.choices,
            "campaigns": Campaign.objects.visible_to(request.user).order_by("-issue_date")[:200],
            "regions": unit_regions(request.user),
        },
    )


@login_required
@require_POST
def bulletin_new(request):
    require_official(request.user)
    try:
        choice = resolve(request.POST, request.user)
        bulletin = bulletin_create(
            actor=request.user,
            region=choice["region"],
            period=choice["period"],
            campaign=choice["campaign"],
            kind=request.POST.get("kind", BulletinKind.RANKING),
            doc_number=request.POST.get("doc_number", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:bulletins")
    return redirect("reports:bulletin", pk=bulletin.pk)


@login_required
def bulletin_detail(request, pk: int):
    require_official(request.user)
    bulletin = get_visible_or_404(Bulletin, request.user, pk=pk)
    try:
        content, error = bulletin_content(bulletin), ""
    except DomainError as exc:  # a draft whose data has gone since it was drafted
        content, error = None, exc.message
    return render(
        request,
        "reports/bulletin.html",
        {"bulletin": bulletin, "data": content, "error": error, "draft": bulletin.status == BulletinStatus.DRAFT},
    )


@login_required
def bulletin_pdf(request, pk: int):
    require_official(request.user)
    bulletin = get_visible_or_404(Bulletin, request.user, pk=pk)
    response = HttpResponse(bulletin_pdf_bytes(bulletin), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bulletin-{bulletin.pk}.pdf"'
    return response


@login_required
@require_POST
def bulletin_issue_view(request, pk: int):
    require_official(request.user)
    bulletin = get_visible_or_404(Bulletin, request.user, pk=pk)
    try:
        bulletin_issue(actor=request.user, bulletin=bulletin, doc_number=request.POST.get("doc_number", ""))
        messages.success(request, _("通报已印发，下级单位可在工作台查看。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reports:bulletin", pk=bulletin.pk)
