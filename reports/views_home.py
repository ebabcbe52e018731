"""The home page (工作台): the user's to-do list by role (reports/todo.py), the bulletins of the
units above for officials, and the usual ways into the product."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.keyset import bounded_count, count_label
from enterprises.models import Enterprise

from .models import Bulletin
from .todo import todo_groups


@login_required
def home(request):
    user = request.user
    official = user.is_superuser or getattr(user, "is_official", False)
    groups = todo_groups(user, with_preview=True)
    todo = next((g for g in groups if g["key"] == "todo"), None)
    context = {
        "groups": groups,
        "todo_total": sum(item["count"] for item in todo["items"]) if todo else 0,
        "bulletins": Bulletin.objects.visible_to(user)
        .filter(status="issued")
        .exclude(agency_id=getattr(user, "agency_id", None))
        .select_related("agency")[:5]
        if getattr(user, "is_official", False)
        else [],
        "enterprise_count": count_label(*bounded_count(Enterprise.objects.visible_to(user))) if official else None,
        "own_enterprise": user.enterprise if getattr(user, "is_enterprise_user", False) else None,
        "is_official": official,
    }
    return render(request, "home.html", context)
