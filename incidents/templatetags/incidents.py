import threading
from collections import OrderedDict
from html import escape

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.templatetags.regie import record_url, when

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


@register.simple_tag
def incident_rows(incidents, sees_internals: bool) -> str:
    """The rows of the incident list. Built here rather than in the template: fifty rows of nine cells through
    the template engine cost more than all the rest of the page (docs/performance.md). Every value is escaped
    with the standard library's html.escape, which is what Django's escape does, without its lazy-text wrapper."""
    zone = timezone.get_current_timezone()
    rows = []
    for incident in incidents:
        cells = [
            f'<a href="{escape(record_url("incidents:incident_detail", incident.reference))}">'
            f"{escape(incident.reference)}</a>",
            escape(incident.title),
            escape(incident.component.public_name),
            escape(incident.priority),
            incident_status(incident),
        ]
        if sees_internals:
            due = "–"
            if incident.due_at:
                due_at = incident.due_at.astimezone(zone)
                due = f'<time datetime="{when(due_at, "c")}">{escape(when(due_at, "j b H:i"))}</time>'
            breach = escape(incident.breach_state)
            cells += [
                escape(incident.assigned_party.name) if incident.assigned_party else "–",
                due,
                f'<span class="breach breach--{breach}">{escape(incident.get_breach_state_display())}</span>',
            ]
        cells.append(escape(when(incident.reported_at.astimezone(zone), "j b Y H:i")))
        major = ' class="row--major"' if incident.is_major else ""
        rows.append(f"<tr{major}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value in the cells is escaped


FILTER_FORMS_KEPT = 256
_filter_forms: OrderedDict[tuple, str] = OrderedDict()
_filter_forms_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def incident_filters(context) -> str:
    """The incident list's filter form. Rendering its fields is a quarter of the page's time and depends only on
    the filters asked for, the tab, the language and whether the user sees the chain's filters; so each such
    rendering is kept, the latest FILTER_FORMS_KEPT per process, and the same filters are not rendered again."""
    data = context["filterset"].form.data
    asked = tuple(sorted((name, tuple(data.getlist(name))) for name in data)) if data else ()
    key = (get_language(), context["scope"], bool(context["sees_internals"]), asked)
    with _filter_forms_lock:
        if key in _filter_forms:
            _filter_forms.move_to_end(key)
            return _filter_forms[key]
    rendered = get_template("incidents/_filters.html").render(context.flatten())
    with _filter_forms_lock:
        _filter_forms[key] = rendered
        while len(_filter_forms) > FILTER_FORMS_KEPT:
            _filter_forms.popitem(last=False)
    return rendered
