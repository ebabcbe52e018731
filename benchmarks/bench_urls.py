"""The application's URLs plus the plain-DRF comparison lists (benchmarks only)."""

from django.urls import include, path
from plain_drf import router

from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [*app_urlpatterns, path("bench-plain/", include(router.urls))]
