from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from incidents.models import BreachState, Status

register = template.Library()

# The labels come from the choices enums: one translation per label shown. A model's get_FOO_display builds
# (and hashes) a map of every choice on each call, which on a list of fifty rows is most of the rows' cost.


@register.simple_tag
def incident_status(incident) -> str:
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


@register.simple_tag
def breach_badge(incident) -> str:
    """Where the incident stands against its SLA norm (none, warning, breached)."""
    state = incident.breach_state
    return format_html('<span class="breach breach--{}">{}</span>', state, BreachState(state).label)
