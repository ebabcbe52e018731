"""`GET /api/v1/me/todo/`: the user's to-do items, the same as the home page's (reports/todo.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from core.serializers import StrictSerializer

from ..todo import todo_items


class TodoItemSerializer(StrictSerializer):
    key = serializers.CharField(help_text="待办项标识，如 awaiting_acceptance")
    label = serializers.CharField(help_text="待办项名称")
    count = serializers.IntegerField(help_text="条数（本辖区内）；超过 2000 条时为 2000，且 more 为 true")
    more = serializers.BooleanField(help_text="实际条数多于 count（首页显示为“2,000+”）")
    url = serializers.CharField(help_text="列出这些记录的页面地址，条数与 count 相同")


class MyTodoView(APIView):
    """The signed-in user's to-do list by role, each item a count within the jurisdiction and the
    page listing exactly those rows. Anonymous: 401."""

    # Token first: an anonymous request gets 401 with `WWW-Authenticate: Token`, not 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]

    @extend_schema(responses={200: TodoItemSerializer(many=True)}, summary="我的待办")
    def get(self, request):
        return Response(TodoItemSerializer(todo_items(request.user), many=True).data)
