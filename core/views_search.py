"""JSON for the tree pickers: the children of a region or industry node, with Chinese names.

A picker starts from the roots the user works in (an official: the agency's region and, for a
department supervising some industries only, those industries) and loads one level at a time when
a node is expanded; typing searches names within the same roots. Regions and industries are
reference data, not enterprise data: any logged-in user may read them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from .models import Industry, Region

MAX_RESULTS = 30
MAX_QUERY = 50


def _roots(user, model) -> list:
    """The nodes a user's tree starts from."""
    agency = getattr(user, "agency", None) if getattr(user, "is_official", False) else None
    if agency is not None and not user.is_superuser:
        if model is Region:
            return [agency.region]
        if not agency.comprehensive:
            supervised = list(agency.industries.order_by("path"))
            if supervised:
                return supervised
    return list(model.objects.filter(parent__isnull=True).order_by("path"))


def _within(node, roots) -> bool:
    return any(node.path.startswith(root.path) for root in roots)


def _names_by_code(nodes, model) -> dict[str, str]:
    codes = {c for n in nodes for c in n.path.split("/") if c}
    return dict(model.objects.filter(code__in=codes).values_list("code", "name"))


def _answer(nodes, model, *, with_path: bool = False, roots=()) -> list[dict]:
    with_children = set(
        model.objects.filter(pk__in=[n.pk for n in nodes])
        .filter(Exists(model.objects.filter(parent=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    names = _names_by_code(nodes, model) if with_path else {}
    root_depth = min((len([c for c in r.path.split("/") if c]) for r in roots), default=1)
    rows = []
    for node in nodes:
        row = {"code": node.code, "name": node.name, "has_children": node.pk in with_children}
        if with_path:
            codes = [c for c in node.path.split("/") if c]
            # The ancestors below the user's roots ("兴宁区 › 民生街道"), not the province every time.
            row["path_name"] = " › ".join(names.get(c, c) for c in codes[max(root_depth - 1, 0) :])
        rows.append(row)
    return rows


def _error(field: str, message: str) -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=400)


@login_required
def tree(request, kind: str):
    """`?parent=<code>`: its children; `?q=<text>`: nodes whose name contains text; neither: the roots."""
    model = {"region": Region, "industry": Industry}.get(kind)
    if model is None:
        raise Http404
    roots = _roots(request.user, model)
    parent_code = request.GET.get("parent", "").strip()
    text = request.GET.get("q", "").strip()
    if len(text) > MAX_QUERY:
        return _error("q", _("搜索词（q）不能超过 %(n)d 个字。") % {"n": MAX_QUERY})
    if parent_code:
        parent = model.objects.filter(code=parent_code).first()
        if parent is None or not _within(parent, roots):
            return _error("parent", _("上级节点（parent）不存在或不在您的辖区内：%(code)s") % {"code": parent_code})
        nodes = list(model.objects.filter(parent=parent).order_by("code")[: MAX_RESULTS * 10])
        return JsonResponse({"results": _answer(nodes, model)})
    if text:
        within = Q()
        for root in roots:
            within |= Q(path__startswith=root.path)
        matches = model.objects.filter(within).filter(Q(name__icontains=text) | Q(code__istartswith=text))
        nodes = list(matches.order_by("path")[: MAX_RESULTS + 1])
        return JsonResponse(
            {
                "results": _answer(nodes[:MAX_RESULTS], model, with_path=True, roots=roots),
                "more": len(nodes) > MAX_RESULTS,
            }
        )
    return JsonResponse({"results": _answer(roots, model)})
