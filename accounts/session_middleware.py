"""Session rules for logged-in browsers: the idle timeout and the second factor.

- `SessionIdleTimeoutMiddleware`: a session unused for longer than the user's idle limit
  (`SESSION_IDLE_TIMEOUT_OFFICIALS` for officials and staff, `SESSION_IDLE_TIMEOUT` for others, in
  seconds) is logged out; the last activity is stored in the session (rewritten at most once a
  minute). The cookie itself ends when the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE).
- `SecondFactorMiddleware`: a session logged in by password alone (the back office's own login,
  or a session from before the policy was switched on) of a user who needs the second step is
  logged out and sent to the login page. After django-otp's OTPMiddleware.

Token-authenticated API requests carry no session and are not concerned: tokens are issued only
after the second factor (accounts/api/views.py).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _

from . import otp

LAST_ACTIVITY = "last_activity"
# "none" once this session's user was found to need no second factor (saves a query per request);
# checked again whenever the policy obliges the user.
SECOND_FACTOR_OK = "second_factor_ok"
TOUCH_EVERY = 60


def idle_limit(user) -> int:
    if user.is_staff or user.is_superuser or getattr(user, "is_official", False):
        return settings.SESSION_IDLE_TIMEOUT_OFFICIALS
    return settings.SESSION_IDLE_TIMEOUT


def _leave(request, message: str):
    """Log out and answer: 401 JSON for the API, a redirect to the login page otherwise."""
    logout(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=401)
    messages.warning(request, message)
    return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > idle_limit(user):
                return _leave(request, _("您已长时间未操作，为安全起见已自动退出，请重新登录。"))
            if last is None or now - last >= TOUCH_EVERY:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._passed(request, user):
            return _leave(request, _("该账号需要两步验证，请重新登录。"))
        return self.get_response(request)

    @staticmethod
    def _passed(request, user) -> bool:
        if user.is_verified():
            return True
        if request.session.get(SECOND_FACTOR_OK) == "none" and not otp.second_factor_required(user):
            return True
        if otp.needs_second_step(user):
            return False
        request.session[SECOND_FACTOR_OK] = "none"
        return True
