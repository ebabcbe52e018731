"""Top-level URLs: pages per app, the API under /api/v1/, schema and docs, admin, i18n."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api.views import ObtainTokenView
from core import views_pages
from enforcement.urls import public_urlpatterns as enforcement_public_patterns
from hazards.public_urls import urlpatterns as hazards_public_patterns
from reports import views_home

api_v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include("core.api_urls")),
    path("", include("accounts.api.urls")),
    path("", include("enterprises.api.urls")),
    path("", include("checklists.api.urls")),
    path("", include("campaigns.api.urls")),
    path("", include("inspections.api.urls")),
    path("", include("hazards.api.urls")),
    path("", include("enforcement.api.urls")),
    path("", include("reports.api.urls")),
]

urlpatterns = [
    path("", views_home.home, name="home"),
    path("healthz", views_pages.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("accounts.notification_urls")),
    path("lookup/", include("core.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("campaigns/checklists/", include("checklists.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("inspections/", include("inspections.urls")),
    path("hazards/", include("hazards.urls")),
    path("hazards/", include("enforcement.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("reports.urls_dashboard")),
    path("public/", include((hazards_public_patterns + enforcement_public_patterns, "public"))),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script (CSP script-src 'self').
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The back office logs in through the site's login, so staff pass the second factor too.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin-login"),
    path("admin/", admin.site.urls),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
