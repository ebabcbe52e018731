"""数据驾驶舱: the dashboard page of a unit (charts drawn in the browser by ECharts from the
figures of reports/dashboard.py, every bar, slice and cell a link to its rows)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.errors import DomainError
from core.replica import replica_reads

from .dashboard import cached_dashboard_data, filter_options, resolve


@login_required
def dashboard(request):
    """Officials and leaders only (others 403); a region outside the jurisdiction 404; `?screen=1`
    is the duty room's 大屏 (full screen, dark)."""
    try:
        choice = resolve(request.GET, request.user)
    except DomainError as exc:  # a malformed parameter: the page with its message, the filters reset
        choice = resolve({"screen": request.GET.get("screen", "")}, request.user)
        return _page(request, choice, error=exc.message)
    try:
        with replica_reads():  # a page of reads only: the standby may serve them (core/replica.py)
            data = cached_dashboard_data(choice, request.user)
    except DomainError as exc:
        return _page(request, choice, error=exc.message)
    return _page(request, choice, data=data)


def _page(request, choice, *, data=None, error=""):
    context = {
        "choice": choice,
        "screen": choice.screen,
        "data": data,
        "error": error,
        "generated_at": parse_datetime(data["generated_at"]) if data else timezone.localtime(),
    }
    context.update(filter_options(choice, request.user))
    return render(request, "reports/dashboard.html", context, status=400 if error else 200)
