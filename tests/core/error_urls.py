"""The site's URLs plus views that fail on purpose, for tests/core/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from rantai.urls import urlpatterns as site


def bad(request):
    raise SuspiciousOperation("a test")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a test")


urlpatterns = [
    *site,
    path("test/400/", bad),
    path("test/403/", forbidden),
    path("test/500/", broken),
]
