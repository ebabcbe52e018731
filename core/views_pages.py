"""The home page (a short overview for each kind of user) and a health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
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


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
