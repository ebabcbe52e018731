"""JSON for the user and agency pickers (session auth; pages only).

Officials pick people and agencies of their own jurisdiction: officials of their agency and of the
agencies below it, and the experts of the pool (外部专家, not tied to a region). Nobody else picks
anyone here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _

from enterprises.references import usable_agencies, usable_people

from .choices import UserKind
from .models import User
from .widgets import user_sub

MAX_RESULTS = 20
MAX_QUERY = 50


def _error(field: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=status)


def _may_pick(user) -> bool:
    return user.is_superuser or getattr(user, "is_official", False)


def _query(request):
    text = request.GET.get("q", "").strip()
    if not text:
        return None, _error("q", _("请输入姓名、用户名或证号（q）。"))
    if len(text) > MAX_QUERY:
        return None, _error("q", _("搜索词（q）不能超过 %(n)d 个字。") % {"n": MAX_QUERY})
    return text, None


@login_required
def user_search(request):
    """`?q=<name>&kind=official|expert&campaign=<id>` → `{"results": [{"id", "text", "sub"}], "more"}`.

    With `campaign`, experts are those of the pool whose specialties match the campaign's industries."""
    if not _may_pick(request.user):
        return _error("user", _("只有监管人员可以选择检查人员。"), status=403)
    text, problem = _query(request)
    if problem:
        return problem
    kind = request.GET.get("kind", "")
    if kind not in ("", UserKind.OFFICIAL, UserKind.EXPERT):
        return _error("kind", _("人员类型（kind）只能是 official 或 expert。"))
    # What a picker offers is exactly what the forms and serializers accept (enterprises.references).
    usable = usable_people(request.user)
    experts = usable.filter(kind=UserKind.EXPERT)
    campaign_id = request.GET.get("campaign", "")
    if campaign_id:
        from campaigns.models import Campaign
        from campaigns.selectors import expert_pool

        campaign = (
            Campaign.objects.visible_to(request.user).filter(pk=campaign_id).first() if campaign_id.isdigit() else None
        )
        if campaign is None:
            return _error("campaign", _("专项行动（campaign）不存在或不在您的辖区内。"))
        experts = experts.filter(pk__in=expert_pool(campaign).values("pk"))
    people = User.objects.none()
    if kind in ("", UserKind.OFFICIAL):
        people = people | usable.filter(kind=UserKind.OFFICIAL, agency__isnull=False)
    if kind in ("", UserKind.EXPERT):
        people = people | experts
    match = (
        Q(display_name__icontains=text)
        | Q(username__icontains=text)
        | Q(cert_number__istartswith=text)
        | Q(organisation__icontains=text)
    )
    rows = list(
        people.filter(match)
        .select_related("agency")
        .distinct()
        .order_by("kind", "display_name", "pk")[: MAX_RESULTS + 1]
    )
    results = [{"id": p.pk, "text": str(p), "sub": user_sub(p)} for p in rows[:MAX_RESULTS]]
    return JsonResponse({"results": results, "more": len(rows) > MAX_RESULTS})


@login_required
def agency_search(request):
    """`?q=<part of the name>` → agencies of the user's region and below (`manage=1`: only those
    whose users the user may administer)."""
    if not _may_pick(request.user):
        return _error("agency", _("只有监管人员可以选择部门。"), status=403)
    text = request.GET.get("q", "").strip()
    if not text:
        return _error("q", _("请输入部门名称（q）。"))
    if len(text) > MAX_QUERY:
        return _error("q", _("搜索词（q）不能超过 %(n)d 个字。") % {"n": MAX_QUERY})
    agencies = usable_agencies(request.user).select_related("region")
    if request.GET.get("manage") == "1":  # the user-administration form: agencies the admin manages
        from .selectors import manageable_agency_ids

        agencies = agencies.filter(pk__in=manageable_agency_ids(request.user))
    rows = list(agencies.filter(name__icontains=text).order_by("region__path", "name")[: MAX_RESULTS + 1])
    results = [{"id": a.pk, "text": a.name, "sub": a.region.name} for a in rows[:MAX_RESULTS]]
    return JsonResponse({"results": results, "more": len(rows) > MAX_RESULTS})
