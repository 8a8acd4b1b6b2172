"""The rows of the chain's incident list, each rendered once by its template and then read from the shared cache.

A row's key holds everything the row shows that can change: the incident's version, status, priority, norm
state and due time, the component's and the assigned party's ids and names (the reference, title and report
time never change), with the reader's language and time zone. A changed incident or a renamed party therefore
never finds its old row, whichever process cached it, and nothing has to be invalidated (core.rendered)."""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core.rendered import rendered_once

from .selectors import chain_list_rows

ROW_TEMPLATE = "incidents/_incident_row.html"
ROW_TIMEOUT = 60 * 60


def rendered_chain_rows(incidents) -> list[str]:
    """The list's rows as HTML, from the cache where they are, rendered from `chain_list_rows` where not."""
    reader = f"chain:{get_language()}:{timezone.get_current_timezone_name()}"
    return rendered_once(
        incidents,
        lambda incident: _row_key(incident, reader),
        lambda missing: [render_to_string(ROW_TEMPLATE, {"row": row}) for row in chain_list_rows(missing)],
        ROW_TIMEOUT,
    )


def _row_key(incident, reader: str) -> str:
    party = incident.assigned_party
    shown = (
        incident.version,
        incident.status,
        incident.priority,
        incident.breach_state,
        incident.due_at.timestamp() if incident.due_at else "",
        incident.component_id,
        incident.component.public_name,
        incident.assigned_party_id or "",
        party.name if party else "",
    )
    digest = hashlib.md5("\x1f".join(map(str, shown)).encode(), usedforsecurity=False).hexdigest()
    return f"incident-list-row:{incident.pk}:{reader}:{digest}"
