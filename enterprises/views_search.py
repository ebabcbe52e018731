"""JSON for the enterprise picker: search by part of the name or of the 统一社会信用代码.

Only enterprises the user may see (`Enterprise.objects.visible_to`); at most MAX_RESULTS rows,
each with its code and region so that two enterprises of the same name are told apart. The one
exception is an expert declaring a conflict (回避, `?for=conflict`): they may name any enterprise of
the registry, as the 18-digit code they typed before could, and get name, code and region only.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .models import Enterprise
from .widgets import enterprise_sub, region_names

MAX_RESULTS = 20
MAX_QUERY = 50


def search_queryset(queryset, text: str):
    """Rows whose name contains text or whose code starts with it; exact code first, then names
    starting with the text, then the rest."""
    code = text.upper().replace(" ", "")
    match = Q(name__icontains=text)
    if code.isalnum():
        match |= Q(uscc__startswith=code)
    rank = Case(
        When(uscc=code, then=Value(0)),
        When(name__startswith=text, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    # A typed code lists by code (the next digits narrow it), a name by name.
    order = ("search_rank", "uscc") if code.isascii() and code.isalnum() else ("search_rank", "name", "pk")
    return queryset.filter(match).annotate(search_rank=rank).order_by(*order)


@login_required
def enterprise_search(request):
    """`?q=<part of the name or code>` → `{"results": [{"id", "text", "name", "uscc", "region", "sub"}], "more"}`."""
    text = request.GET.get("q", "").strip()
    if not text:
        return JsonResponse({"errors": {"q": [_("请输入企业名称或统一社会信用代码（q）。")]}}, status=400)
    if len(text) > MAX_QUERY:
        return JsonResponse({"errors": {"q": [_("搜索词（q）不能超过 %(n)d 个字。") % {"n": MAX_QUERY}]}}, status=400)
    user = request.user
    by_code = request.GET.get("value") == "uscc"
    if request.GET.get("for") == "conflict" and user.is_expert:
        if len(text) < 2:
            return JsonResponse({"errors": {"q": [_("请至少输入 2 个字（q）。")]}}, status=400)
        queryset = Enterprise.objects.all()
        by_code = True
    else:
        queryset = Enterprise.objects.visible_to(user)
    rows = list(search_queryset(queryset, text).only("id", "name", "uscc", "region_path")[: MAX_RESULTS + 1])
    more = len(rows) > MAX_RESULTS
    rows = rows[:MAX_RESULTS]
    regions = region_names(rows)
    results = [
        {
            "id": e.uscc if by_code else e.pk,
            "text": e.name,
            "name": e.name,
            "uscc": e.uscc,
            "region": regions[e.region_path],
            "sub": enterprise_sub(e, regions[e.region_path]),
        }
        for e in rows
    ]
    return JsonResponse({"results": results, "more": more})
