"""The project's URLs plus views that fail on purpose, for tests/core/test_error_pages.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def _forbidden(request):
    raise PermissionDenied


def _forbidden_with_reason(request):
    raise PermissionDenied("只有法制审核人员可以审核。")


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-errors/403/", _forbidden),
    path("test-errors/403-reason/", _forbidden_with_reason),
    path("test-errors/500/", _boom),
    *urlpatterns,
]
