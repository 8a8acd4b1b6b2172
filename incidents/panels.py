"""Sections that apps above incidents add to the incident page (the changes linked to it, for one), so that
incidents never imports them: the domain runs one way (README, "Architecture").

A panel is a function (request, incident) → HTML or None; it decides itself whether the user may see it."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from .models import Incident

Panel = Callable[[HttpRequest, Incident], SafeString | None]

_panels: list[Panel] = []
_relations: list[str] = []


def register(panel: Panel, *, select_related: tuple[str, ...] = ()) -> Panel:
    """Add a panel to every incident page (call it from the app's AppConfig.ready). `select_related` names the
    relations of the incident the panel reads (a one-to-one of the registering app, say), read with the incident
    in the page's one query."""
    if panel not in _panels:
        _panels.append(panel)
    _relations.extend(name for name in select_related if name not in _relations)
    return panel


def page_relations() -> list[str]:
    return list(_relations)


def render_panels(request: HttpRequest, incident: Incident) -> list[SafeString]:
    return [html for panel in _panels if (html := panel(request, incident))]
