import threading
from collections import OrderedDict

from django import template
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.translation import get_language
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
