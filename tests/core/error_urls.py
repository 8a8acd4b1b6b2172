"""The portal's URLs plus two that fail, for the error page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from regie.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise ValueError("a bug")


def suspicious(request):
    raise SuspiciousOperation("bad input")


urlpatterns = [
    path("test-broken/", broken),
    path("test-suspicious/", suspicious),
    *urlpatterns,
]
