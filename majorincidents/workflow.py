"""The major incident's life: declared → stood down → closed. Closing needs the review (majorincidents.services)."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from . import rules
from .models import MajorStatus

S = MajorStatus

MAJOR_WORKFLOW = Workflow(
    dict(MajorStatus.choices),
    [
        Transition(
            "stand_down",
            frozenset({S.DECLARED}),
            S.STOOD_DOWN,
            _("Afschalen"),
            rules.can_stand_down,
            _("Alleen de regie (CIBG) schaalt een grote verstoring af."),
        ),
        Transition(
            "close",
            frozenset({S.STOOD_DOWN}),
            S.CLOSED,
            _("Sluiten"),
            rules.can_stand_down,
            _("Alleen de regie (CIBG) sluit een grote verstoring."),
        ),
    ],
    guard_first=True,
)
