"""The user's own notifications (消息): list (`?unread=true`), read one, read all."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.models import Notification
from accounts.selectors import notifications_for
from accounts.services import notification_mark_read, notifications_mark_all_read
from core.api import require_empty_body
from core.serializers import StrictModelSerializer


class NotificationSerializer(StrictModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields


UNREAD = OpenApiParameter(
    "unread", OpenApiTypes.BOOL, description=str(_("true：只列未读消息；false：只列已读消息")), required=False
)


def _unread_param(value: str | None) -> bool | None:
    if value in (None, ""):
        return None
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValidationError({"unread": [_("unread 只能是 true 或 false。")]})


@extend_schema_view(list=extend_schema(parameters=[UNREAD]))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Only the caller's own notifications exist here: another user's answers 404."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.all()

    def get_queryset(self):
        unread = _unread_param(self.request.query_params.get("unread")) if self.action == "list" else None
        return notifications_for(self.request.user, unread=unread)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        require_empty_body(request)
        notification = notification_mark_read(notification=self.get_object(), actor=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None, responses=inline_serializer("NotificationsReadAll", {"marked": serializers.IntegerField()})
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        require_empty_body(request)
        return Response({"marked": notifications_mark_all_read(actor=request.user)})
