"""API throttling: DRF's rate throttles, counting anonymous clients by the portal's one notion of a client address
(core.logging.client_ip, X-Forwarded-For only through TRUSTED_PROXY_COUNT) and reading the rates from the settings
when a request is throttled, so a changed REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] takes effect."""

from rest_framework import throttling
from rest_framework.settings import api_settings

from core.logging import client_ip


class SettingsRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)


class UserRateThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    """Signed-in users (session or API token) by user id; anonymous ones by address."""


class AnonRateThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    """Anonymous requests by address."""
