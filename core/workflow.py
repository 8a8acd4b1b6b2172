"""Workflows as data plus one checker.

A workflow is a table of named transitions: from which states, to which state, and who may take
each (its guard). `Workflow.apply` is the only way a record's status changes: it checks the state
and the guard and sets the status field. Pages and the API offer what `Workflow.available` returns
and never decide it themselves.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .errors import ConcurrentUpdate, TransitionNotAllowed


def anyone(user, obj) -> bool:
    return True


NOT_ALLOWED = _("U mag deze actie niet uitvoeren.")


@dataclass(frozen=True)
class Transition:
    """A named move from one of `sources` to `target`; `guard(user, obj)` says who may take it, and
    `refusal` is what they are told when they may not (a text, or `refusal(user, obj)` giving one)."""

    name: str
    sources: frozenset
    target: str
    label: str
    guard: Callable[..., bool] = anyone
    refusal: str | Callable[..., str] = NOT_ALLOWED


class Workflow:
    """The transitions of one model's `field`.

    `guard_first`: whether the guard is asked before the state, so that a user who may not take the
    move at all hears that (403) rather than that the state does not allow it (409).
    """

    def __init__(
        self, state_labels: dict, transitions: Iterable[Transition], *, field: str = "status", guard_first: bool = False
    ):
        self.state_labels = state_labels
        self.transitions = {transition.name: transition for transition in transitions}
        self.field = field
        self.guard_first = guard_first

    def state_of(self, obj) -> str:
        return getattr(obj, self.field)

    def available(self, user, obj) -> list[Transition]:
        """The transitions `user` may take on `obj` now, in the table's order."""
        state = self.state_of(obj)
        return [
            transition
            for transition in self.transitions.values()
            if state in transition.sources and transition.guard(user, obj)
        ]

    def can(self, user, obj, name: str) -> bool:
        transition = self.transitions[name]
        return self.state_of(obj) in transition.sources and transition.guard(user, obj)

    def check(self, obj, name: str, user) -> Transition:
        """The transition `name`, or the refusal: TransitionNotAllowed for the state, PermissionDenied
        with the transition's refusal for the user."""
        transition = self.transitions[name]
        checks = (self._check_guard, self._check_state)
        for check in checks if self.guard_first else reversed(checks):
            check(transition, obj, user)
        return transition

    def apply(self, obj, name: str, user) -> Transition:
        """Check the transition and set the status field (the caller saves the record)."""
        transition = self.check(obj, name, user)
        setattr(obj, self.field, transition.target)
        return transition

    def _check_state(self, transition: Transition, obj, user) -> None:
        state = self.state_of(obj)
        if state not in transition.sources:
            raise TransitionNotAllowed(
                _("“%(action)s” kan niet wanneer de status “%(state)s” is.")
                % {"action": transition.label, "state": self.state_labels.get(state, state)}
            )

    def _check_guard(self, transition: Transition, obj, user) -> None:
        if not transition.guard(user, obj):
            refusal = transition.refusal
            raise PermissionDenied(refusal(user, obj) if callable(refusal) else refusal)


def check_version(instance, version: int | None) -> None:
    """Refuse a write based on a stale read: the form or client saw an older version."""
    if version is not None and version != instance.version:
        raise ConcurrentUpdate()
