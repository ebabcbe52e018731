"""Pages of reports: the home page, a short overview for each kind of user (it will grow into the
to-do home and the dashboards, which read every app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from enterprises.models import Enterprise


@login_required
def home(request):
    user = request.user
    enterprises = Enterprise.objects.visible_to(user)
    context = {
        "enterprise_count": enterprises.count(),
        "red_count": enterprises.filter(risk_grade="red").count(),
        "own_enterprise": user.enterprise if getattr(user, "is_enterprise_user", False) else None,
    }
    return render(request, "home.html", context)
