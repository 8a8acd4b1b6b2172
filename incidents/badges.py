"""The status and norm badges of an incident, for its page, the lists and the inbox.

The labels come from the choices enums: one translation per label shown. A model's get_FOO_display builds
(and hashes) a map of every choice on each call, which on a list of fifty rows is most of the rows' cost."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .models import BreachState, Status


def status_badge(incident) -> SafeString:
    """The status label, and the major-incident badge for a P1."""
    status = format_html('<span class="status status--{}">{}</span>', incident.status, Status(incident.status).label)
    if not incident.is_major:
        return status
    return format_html(
        '{} <span class="badge badge--major" title="{}">{}</span>',
        status,
        _("Grote verstoring (P1)"),
        _("Grote verstoring"),
    )


def breach_badge(incident) -> SafeString:
    """Where the incident stands against its SLA norm (none, warning, breached)."""
    state = incident.breach_state
    return format_html('<span class="breach breach--{}">{}</span>', state, BreachState(state).label)
