"""The problem lifecycle: logged → known error → awaiting change → closed (when the change is reviewed as
successful); withdrawn ends it early. And the recurrence proposal's: open → accepted / dismissed."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from . import rules
from .models import OPEN_PROBLEM_STATES, ProblemStatus, ProposalStatus

S = ProblemStatus
OPEN = frozenset(OPEN_PROBLEM_STATES)

PROBLEM_WORKFLOW = Workflow(
    dict(ProblemStatus.choices),
    [
        Transition(
            "record_analysis",
            frozenset({S.LOGGED, S.KNOWN_ERROR}),
            S.KNOWN_ERROR,
            _("Oorzaak en omzeiling vastleggen"),
            rules.works_on,
        ),
        Transition("link_change", OPEN, S.AWAITING_CHANGE, _("Oplossende wijziging koppelen"), rules.works_on),
        Transition(
            "close",
            frozenset({S.AWAITING_CHANGE}),
            S.CLOSED,
            _("Sluiten (wijziging geslaagd)"),
            rules.solved,
            rules.not_solved_refusal,
        ),
        Transition("withdraw", OPEN, S.WITHDRAWN, _("Intrekken"), rules.manages),
    ],
)

P = ProposalStatus
PROPOSAL_WORKFLOW = Workflow(
    dict(ProposalStatus.choices),
    [
        Transition("accept", frozenset({P.OPEN}), P.ACCEPTED, _("Aannemen als probleem"), rules.decides_proposals),
        Transition("dismiss", frozenset({P.OPEN}), P.DISMISSED, _("Afwijzen"), rules.decides_proposals),
    ],
)
