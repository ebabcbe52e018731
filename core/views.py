"""Base views: every page that shows enterprise data starts from the scoped queryset."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.views import generic


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
    paginate_by = 50


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


def query_without_page(request) -> str:
    """The list's query string without the page number (for the pagination links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_of(request, queryset, per_page=30):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
