"""Workflows as data plus one checker.

A workflow is a table of named transitions (from which states, to which state). Services ask the
table before they move a record; templates and the API show the allowed moves from the same
table and never decide them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .errors import ConcurrentUpdate, TransitionNotAllowed


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    label: str


class Workflow:
    def __init__(self, state_labels: dict, transitions: Iterable[Transition]):
        self.state_labels = state_labels
        self.transitions = {transition.name: transition for transition in transitions}

    def allowed(self, state: str) -> list[Transition]:
        return [transition for transition in self.transitions.values() if state in transition.sources]

    def check(self, state: str, name: str) -> Transition:
        """The transition `name` from `state`, or TransitionNotAllowed saying why not."""
        transition = self.transitions[name]
        if state not in transition.sources:
            raise TransitionNotAllowed(
                _("“%(action)s” kan niet wanneer de status “%(state)s” is.")
                % {"action": transition.label, "state": self.state_labels.get(state, state)}
            )
        return transition


def check_version(instance, expected_version: int | None) -> None:
    """Refuse a write based on a stale read: the form or client saw an older version."""
    if expected_version is not None and expected_version != instance.version:
        raise ConcurrentUpdate()
