"""Shared API pieces: the scoped viewset base and the one exception handler."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class ScopedQuerysetMixin:
    """Every object the API touches comes from `Model.objects.visible_to(user)`.

    Out-of-scope objects are therefore absent from lists and answer 404 on detail routes.
    Writes go through `restrict(user, "change")`; an object visible but not changeable is 403.
    """

    def get_queryset(self):
        base = super().get_queryset()
        return base.visible_to(self.request.user)

    def check_change_permission(self, obj) -> None:
        from rest_framework.exceptions import PermissionDenied

        model = type(obj)
        if not model.objects.filter(pk=obj.pk).restrict(self.request.user, "change").exists():
            raise PermissionDenied("您无权修改此记录。")

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            self.check_change_permission(obj)
        return obj


class ServiceChecked:
    """Write rights of these objects are decided by the services (NotPermitted → 403)."""

    def check_change_permission(self, obj) -> None:
        return None


class ScopedModelViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]


class ScopedReadOnlyViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedCreateListRetrieveViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pass


def _django_validation_payload(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"detail": " ".join(str(m) for m in exc.messages)}


def exception_handler(exc, context):
    """Domain errors become 400/403/409 with a Chinese message; model validation becomes 400."""
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(_django_validation_payload(exc), status=400)
    return drf_exception_handler(exc, context)


def schema_drop_slash_twins(endpoints):
    """drf-spectacular hook: where a route exists with and without a trailing slash
    (e.g. `record.pdf`, kept slash-less for the contract), document only the slash-less one."""
    paths = {path for path, *_rest in endpoints}
    return [e for e in endpoints if not (e[0].endswith("/") and e[0][:-1] in paths)]
