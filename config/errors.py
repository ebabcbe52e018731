"""Error pages in the site's layout and in Chinese (templates/403.html, 404.html, 500.html).

404 uses Django's handler with templates/404.html, except under /api/, where a client expects JSON
(`{"detail": …}`, as DRF answers its own 404s) even for a URL that matches no route. 403 comes from PermissionDenied (handler403)
and from a failed CSRF check (settings.CSRF_FAILURE_VIEW), both on templates/403.html. 500 is
rendered without the request: the error may come from the database, the session or a context
processor, so templates/500.html stands alone, and a plain Chinese text answers if even it fails.
"""

from __future__ import annotations

import logging

from django.http import HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found

logger = logging.getLogger(__name__)


@requires_csrf_token
def permission_denied(request, exception=None):
    # Only a message our code wrote (in Chinese, through gettext) is shown; a bare PermissionDenied has none.
    message = str(exception.args[0]) if exception is not None and exception.args else ""
    return render(request, "403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("未找到。")}, status=404, json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)


def csrf_failure(request, reason: str = ""):
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    try:
        return render(request, "403.html", {"csrf_failure": True}, status=403)
    except Exception:  # the layout needs the session and the user; never fail twice
        logger.exception("403 page failed to render")
        return HttpResponseForbidden(
            "页面已过期或表单校验未通过，请刷新页面后重新提交。", content_type="text/plain; charset=utf-8"
        )


def server_error(request):
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        logger.exception("500 page failed to render")
        return HttpResponseServerError("系统出错，请稍后重试。", content_type="text/plain; charset=utf-8")
