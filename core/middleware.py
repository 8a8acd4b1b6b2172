import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("regie.database")


class DutchByDefaultLocaleMiddleware:
    """Dutch unless the user chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a government portal
    speaks Dutch first, so only the explicit choice (the language cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Scoped to the request: the next piece of work in this thread (a task, a mail) starts in the
        # portal's language again, not in whatever language the last request was served in.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
STRICT_CSP = "; ".join(f"{name} {value}" for name, value in CSP_DIRECTIVES.items())


def content_security_policy() -> str:
    """STRICT_CSP; with single sign-on, the log-out form may also end at the provider (its end_session page)."""
    from core.sso import provider_origin

    origin = provider_origin()
    if origin is None:
        return STRICT_CSP
    directives = {**CSP_DIRECTIVES, "form-action": f"'self' {origin}"}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy on every HTML response: no inline script or style, nothing from
    elsewhere. Pages keep their JavaScript and CSS in static/; see README, "Security".

    No exceptions, the API docs included: /api/docs/ uses SpectacularSwaggerSplitView (its script is a file,
    not inline) and templates/drf_spectacular/swagger_ui.html moves the page's inline <style> to static/css.
    Swagger UI itself sets styles only through the DOM (element.style), which CSP does not restrict.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response


class SecurityEventMiddleware:
    """Logs permission denials (every 403 response: PermissionDenied in a view, the API's 403s, CSRF failures),
    rejected API credentials (401 with an Authorization header) and every write made with an API token
    (naming the token), as security events on the "regie.security" logger."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.logging import log_security_event

        response = self.get_response(request)
        token = getattr(request, "api_token", None)
        if response.status_code == 403:
            log_security_event("permission_denied", request, outcome="denied", token_id=getattr(token, "pk", None))
        elif response.status_code == 401 and request.META.get("HTTP_AUTHORIZATION"):
            log_security_event("authentication_failed", request, outcome="failure")
        elif token is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            outcome = "success" if response.status_code < 400 else "failure"
            log_security_event(
                "api_token_write", request, outcome=outcome, token_id=token.pk, status=response.status_code
            )
        return response


class SecondFactorMiddleware:
    """A session that still owes its second factor (core.second_factor) reaches only the pages that settle it: the
    verification or enrolment page, log-out and the language switch. Pages redirect there (and come back after);
    the API answers 403. Requests with an API token are not sessions and pass."""

    OPEN_URL_NAMES = frozenset({"second_factor_verify", "second_factor_setup", "logout", "set_language", "healthz"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core import second_factor

        owed = second_factor.pending(request)
        if owed and not self.is_open(request):
            if request.path_info.startswith("/api/"):
                detail = _("Bevestig eerst uw tweede factor in de portal.")
                return JsonResponse({"detail": detail, "code": "second_factor_required"}, status=403)
            target = "second_factor_verify" if owed == "verify" else "second_factor_setup"
            return redirect_to_login(request.get_full_path(), login_url=reverse(target))
        return self.get_response(request)

    def is_open(self, request) -> bool:
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in self.OPEN_URL_NAMES


class DatabaseUnavailableMiddleware:
    """A database connection lost under a request (a restart, a failover, a killed backend) or a database that
    cannot be reached answers 503 with "try again" (JSON under /api/), not a server error. The request's
    transaction was rolled back, so nothing is half-written. The broken connection is closed here, so this
    request's remaining work (the session, messages) and the next request open a new one; Django's own
    check at the end of the request (close_old_connections) would close it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        headers = {"Retry-After": "5"}
        if request.path.startswith("/api/"):
            detail = _("De database is tijdelijk niet bereikbaar. Probeer het opnieuw.")
            return JsonResponse({"detail": detail, "code": "database_unavailable"}, status=503, headers=headers)
        body = render_to_string("503.html", {"retry_url": request.get_full_path()})
        return HttpResponse(body, status=503, headers=headers)


def has_nul_byte(values) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values.getlist(key)) for key in values)


class RejectNulBytesMiddleware:
    """A NUL byte in the query string or a form field answers 400 with a clear message (JSON under /api/), before
    any view puts it in a query: PostgreSQL refuses NUL in text, which would otherwise be a server error. Bodies
    under /api/ are checked by the API's parsers (core.parsers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Form bodies under /api/ are left to DRF's parsers, which answer a body that is too large or broken
        # themselves; on pages a broken or oversized body raises here as it would in the view (400).
        form_body = (
            request.method == "POST"
            and not request.path.startswith("/api/")
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        )
        if has_nul_byte(request.GET) or (form_body and has_nul_byte(request.POST)):
            detail = _("Het verzoek bevat een ongeldig teken (NUL) en is niet verwerkt.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": detail, "code": "nul_byte"}, status=400)
            return HttpResponse(render_to_string("400.html", {"message": detail}, request), status=400)
        return self.get_response(request)
