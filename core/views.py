"""Base views: every page that shows enterprise data starts from the scoped queryset; every list is
paginated by keyset (core.keyset): 上一页 / 下一页 by cursor, a jump to a date or a name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.views import generic

from .keyset import InvalidCursor, KeysetPage, paginate


class ScopedMixin(LoginRequiredMixin):
    """`get_queryset` is `Model.objects.visible_to(user)`: out of scope is absent (404)."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class ScopedChangeMixin(ScopedMixin):
    """For edit views: visible but not changeable → 403; not visible → 404."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.model.objects.filter(pk=obj.pk).restrict(self.request.user, "change").exists():
            raise PermissionDenied
        return obj


class ScopedListView(ScopedMixin, generic.ListView):
    """A scoped list in keyset pages: `keyset_ordering` (default: the queryset's order) and, for the
    jump box, `jump_q(value)` answering a Q or None for a value it cannot read."""

    paginate_by = 50
    keyset_ordering: tuple[str, ...] | None = None

    def jump_q(self, value: str):
        return None

    #: A drill-down list (from a figure of a report) counts exactly: its count must match the figure.
    exact_count = False

    def paginate_queryset(self, queryset, page_size):
        page = page_of(
            self.request,
            queryset,
            page_size,
            ordering=self.keyset_ordering,
            jump=self.jump_q,
            exact_count=self.exact_count,
        )
        return None, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["query"] = query_without_page(self.request)
        return ctx


class ScopedDetailView(ScopedMixin, generic.DetailView):
    pass


class ScopedUpdateView(ScopedChangeMixin, generic.UpdateView):
    pass


def get_visible_or_404(model_or_qs, user, **lookup):
    """The one way a function view fetches a scoped object: a model or queryset, restricted with
    `visible_to(user)`; out of scope is 404."""
    qs = model_or_qs.objects.all() if hasattr(model_or_qs, "objects") else model_or_qs
    obj = qs.visible_to(user).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


#: Query parameters that say where a list page starts (dropped from the filter links).
POSITION_PARAMS = ("page", "cursor", "from")


def query_without_page(request) -> str:
    """The list's query string without its position (for the pagination links and the jump box)."""
    query = request.GET.copy()
    for name in POSITION_PARAMS:
        query.pop(name, None)
    return query.urlencode()


def day_before_q(field: str, value: str):
    """A jump to a date in a newest-first list: rows of that day and earlier (None: not a date)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone
    from django.utils.dateparse import parse_date

    try:
        day = parse_date(value)
        if day is None:
            return None
        end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    except (ValueError, OverflowError):
        return None
    return Q(**{f"{field}__lt": end})


def page_of(request, queryset, per_page=30, ordering=None, jump=None, exact_count=False) -> KeysetPage:
    """The keyset page of a list at `?cursor=` (the first page without one, or from `?from=` when the
    list has a `jump(value) -> Q | None`); a cursor the list did not make shows the first page."""
    start = (request.GET.get("from") or "").strip()
    jump_q = jump(start) if (jump and start) else None
    if start and jump and jump_q is None:
        messages.error(request, _("无法跳转到“%(value)s”：请填写有效的值，下面是第一页。") % {"value": start[:40]})
    try:
        return paginate(
            queryset,
            cursor=request.GET.get("cursor") or None,
            per_page=per_page,
            ordering=ordering,
            jump=jump_q,
            exact_count=exact_count,
        )
    except InvalidCursor:
        return paginate(queryset, per_page=per_page, ordering=ordering, exact_count=exact_count)
