"""Forced password change: a user given an initial password by an administrator
(`User.must_change_password`) does nothing else until they have chosen their own.

Pages redirect to 修改密码; API calls (session or token) answer 403 with a Chinese message. Logging
in and out, the password pages, the second login step and the language switch stay open.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

OPEN_URL_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_set",
    "password_set_done",
    "set_language",
    "api-token",
}
#: the two-factor login steps (another module's URLs) are named with one of these
OPEN_NAME_PARTS = ("otp", "two_factor", "2fa", "login_")
MESSAGE = "管理员为您设置的初始密码须先修改：请在网页上修改密码后再使用平台。"


def _is_open(path: str) -> bool:
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return True  # a 404 answers as usual
    return name in OPEN_URL_NAMES or any(part in name for part in OPEN_NAME_PARTS)


def _token_user(request):
    """The user of an `Authorization: Token …` header (DRF authenticates inside the view only)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "token" or not key.strip():
        return None
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key.strip()).first()
    return token.user if token else None


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        is_api = path.startswith("/api/")
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated) and is_api:
            user = _token_user(request)
        if user is not None and getattr(user, "must_change_password", False) and user.is_active:
            if not _is_open(path):
                if is_api:
                    return JsonResponse({"detail": _(MESSAGE), "code": "password_change_required"}, status=403)
                if not path.startswith(("/static/", "/media/")):
                    target = reverse("password_change")
                    if request.method == "GET":
                        target += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(target)
        return self.get_response(request)
