from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def incident_status(incident) -> str:
    """The status label, and the major-incident badge for a P1."""
    status = format_html('<span class="status status--{}">{}</span>', incident.status, incident.get_status_display())
    if not incident.is_major:
        return status
    return format_html(
        '{} <span class="badge badge--major" title="{}">{}</span>',
        status,
        _("Major incident (P1)"),
        _("Major incident"),
    )
