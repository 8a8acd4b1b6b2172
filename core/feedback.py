"""How a page tells the user why a form or an action was refused: the same wording on every page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from .logging import log_security_event


def refusal_message(error: Exception) -> str:
    """The text of a refusal: a service's ValidationError, a DomainError or a PermissionDenied."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(getattr(error, "message", None) or error)


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when it has no such field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def report_form_errors(request, form) -> None:
    """A form that is not shown again (an action posted from a detail page): its errors as messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def refuse(request, error: Exception, url: str):
    """Back to the page with the refusal's reason as a message (nothing was changed). A refusal of the user's
    rights is a permission denial in the security log, as a 403 would be."""
    if isinstance(error, PermissionDenied):
        log_security_event("permission_denied", request, outcome="denied")
    messages.error(request, refusal_message(error))
    return redirect(url)
