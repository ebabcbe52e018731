"""Token login and the agency list."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Agency
from accounts.otp import otp_token_check
from accounts.serializers import AgencySerializer
from core.serializers import StrictSerializer


class TokenRequestSerializer(StrictSerializer):
    username = serializers.CharField(label=_("用户名"))
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(label=_("两步验证码"), required=False, allow_blank=True, max_length=32)


class ObtainTokenView(APIView):
    """POST {"username", "password"} → {"token"}. Failed attempts count towards the axes lockout."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request=request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if user is None:
            return Response({"detail": _("用户名或密码错误，或因多次失败已被暂时锁定。")}, status=400)
        otp_error = otp_token_check(request=request, user=user, code=data.validated_data.get("otp", ""))
        if otp_error:
            return Response({"otp": [otp_error]}, status=400)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies are reference data (names and levels), visible to any logged-in user."""

    queryset = Agency.objects.select_related("region").prefetch_related("industries")
    serializer_class = AgencySerializer
    filterset_fields = ["kind", "comprehensive"]
