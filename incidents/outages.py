"""Known outages a reporter sees before she files: apps above incidents (majorincidents) register where they
come from, so incidents never imports them (README, "Architecture").

A finder is a function (component or None) → list of `KnownOutage`, open outages only; `component` None asks
for every open outage. What a finder returns is shown to the reporter's side, so it carries public words only.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class KnownOutage:
    incident_id: int  # the incident that stands for the outage; reports are linked to it
    component_id: int
    title: str  # public wording
    since: datetime
    latest_public_text: str = ""


Finder = Callable[..., list[KnownOutage]]

_finders: list[Finder] = []


def register(finder: Finder) -> Finder:
    if finder not in _finders:
        _finders.append(finder)
    return finder


def open_outages(component=None) -> list[KnownOutage]:
    """The open known outages (of one component, or all), newest first."""
    found = [outage for finder in _finders for outage in finder(component)]
    return sorted(found, key=lambda outage: outage.since, reverse=True)


def is_open_outage(incident_id: int, component_id: int | None = None) -> bool:
    return any(
        outage.incident_id == incident_id and (component_id is None or outage.component_id == component_id)
        for outage in open_outages()
    )
