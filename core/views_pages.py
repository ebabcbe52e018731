"""The health check (the home page is in reports.views: it reads every app)."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
