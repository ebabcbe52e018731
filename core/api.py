"""Shared API pieces: the scoped viewset base and the one exception handler."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class ScopedQuerysetMixin:
    """Every object the API touches comes from `Model.objects.visible_to(user)`.

    Ids are integers: a path like `/inspections/true/record.pdf` matches no route (a JSON 404)
    instead of reaching the view or being redirected to a slashed twin.

    Out-of-scope objects are therefore absent from lists and answer 404 on detail routes.
    Writes go through `restrict(user, "change")`; an object visible but not changeable is 403.
    """

    lookup_value_regex = r"[0-9]+"

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


def require_empty_body(request) -> None:
    """A command that takes no input refuses any field sent (400 naming it), like every input serializer."""
    from .serializers import EmptyInputSerializer

    EmptyInputSerializer(data=request.data).is_valid(raise_exception=True)


# --- The schema's error answers ---------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "description": '错误：`detail` 说明原因；输入错误时以字段名为键列出各字段的错误（如 `{"name": ["该字段是必填项。"]}`）。',
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERROR_DESCRIPTIONS = {
    "400": "输入有误（未知字段、只读字段、控制字符、无效取值或越出辖区的引用），或业务规则不允许",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作（可见但不可修改，或角色不允许）",
    "404": "不存在或不在您的辖区内",
    "409": "当前状态不允许此操作，或他人已先修改（请刷新后重试）",
    "429": "提交过于频繁，请稍后再试",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _refs(node, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def schema_truth(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation lists the error codes it can answer
    (with one error schema), and request bodies declare that unknown fields are refused
    (`additionalProperties: false`, as core.serializers.StrictInputMixin enforces)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    request_components: set[str] = set()
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _refs(operation.get("requestBody", {}), request_components)
            anonymous = {} in operation.get("security", [{}])
            has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
            codes = []
            if method in WRITE_METHODS or has_query:
                codes.append("400")
            if not anonymous:
                codes += ["401", "403"]
            # 404: an object outside the jurisdiction (a path id), a page past the end of a list
            # (`?page=`), or an object a write names that the writer may not see.
            paginated = any(p.get("name") == "page" and p.get("in") == "query" for p in operation.get("parameters", []))
            if "{" in path or paginated or method in WRITE_METHODS:
                codes.append("404")
            if method in WRITE_METHODS and not anonymous:
                codes.append("409")
            if method in WRITE_METHODS and anonymous:
                codes.append("429")
            for code in codes:
                operation["responses"].setdefault(code, {**error, "description": ERROR_DESCRIPTIONS[code]})
    # Nested request components are strict too.
    pending = set(request_components)
    while pending:
        name = pending.pop()
        found: set[str] = set()
        _refs(schemas.get(name, {}), found)
        pending |= found - request_components
        request_components |= found
    for name in request_components:
        component = schemas.get(name)
        if component and component.get("type") == "object" and "properties" in component:
            component["additionalProperties"] = False
    return result
