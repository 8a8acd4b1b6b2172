"""The portal's own error pages (400, 403, 403 after a CSRF failure, 404, 500): the portal's layout and
navigation, in the user's language, saying what happened and what to do next.

The 500 page renders without anything of the user (no session, no standing in the chain, no database): a
server error may be the database itself failing, and the page must still come out.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("django.request")


def _render(request, template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    """The page with the user's navigation; without it (nothing of the user) when that cannot be read."""
    try:
        return render(request, template_name, context, status=status)
    except Exception:  # an error page must come out, whatever else is broken
        logger.exception("Error page %s rendered without the user's navigation", template_name)
        return _bare(template_name, status, context)


def _bare(template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    try:
        return HttpResponse(render_to_string(template_name, context), status=status)
    except Exception:
        logger.exception("Error page %s could not be rendered", template_name)
        text = _("Er ging iets mis aan onze kant. Probeer het later opnieuw.")
        return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def bad_request(request, exception, template_name="400.html"):
    return _render(request, template_name, 400)


def permission_denied(request, exception, template_name="403.html"):
    # The refusal's own text ("U kunt geen incidenten melden.") says why; a bare PermissionDenied says nothing.
    reason = exception.args[0] if exception is not None and exception.args else ""
    return _render(request, template_name, 403, {"reason": str(reason or "")})


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    return _render(request, template_name, 403)


def page_not_found(request, exception, template_name="404.html"):
    return _render(request, template_name, 404)


def server_error(request, template_name="500.html"):
    return _bare(template_name, 500)
