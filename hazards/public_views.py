"""Public pages without login: report a hazard and follow it by tracking number."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.models import Industry, Region

from .forms import PublicReportForm
from .models import PublicReport
from .public import captcha_new, public_report_accept, rate_limit_hit


def report(request):
    """举报: a form with an arithmetic captcha, rate limited per address."""
    form = PublicReportForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST":
        try:
            rate_limit_hit(request)
            if not form.is_valid():
                raise DomainError(_("请完整填写表单。"))
            created = public_report_accept(form.cleaned_data)
            return redirect("public:track", tracking_number=created.tracking_number)
        except DomainError as exc:
            error = exc.message
    captcha = captcha_new()
    keep = ("description", "location", "region", "industry", "enterprise_name", "contact")
    initial = {k: request.POST.get(k, "") for k in keep} if request.method == "POST" else {}
    form = PublicReportForm(initial={**initial, "captcha_token": captcha["token"]})
    return render(
        request,
        "public/report.html",
        {
            "form": form,
            "captcha": captcha,
            "error": error,
            "townships": Region.objects.filter(level="township").order_by("path"),
            "industries": Industry.objects.order_by("path"),
        },
    )


def track(request, tracking_number: str):
    found = PublicReport.objects.select_related("agency").filter(tracking_number=tracking_number).first()
    if found is None:
        raise Http404
    return render(request, "public/track.html", {"report": found})


def track_lookup(request):
    number = (request.GET.get("n") or "").strip().upper()
    return redirect("public:track", tracking_number=number) if number else redirect("public:report")
