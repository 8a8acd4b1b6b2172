"""The problem sections of "Wat wacht op mij" (core.inbox): recurrence proposals for the System Architect, and
the open problems a System Architect or Product Owner owns that still wait on them (analysis or change)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.inbox import Section, register
from parties.models import Role

from .models import Problem, ProblemStatus, ProposalStatus, RecurrenceProposal


def _is_architect(principal) -> bool:
    return principal.has_role(Role.SYSTEM_ARCHITECT) and not principal.is_read_only


def _manages(principal) -> bool:
    return not principal.is_read_only and bool(principal.roles & {Role.SYSTEM_ARCHITECT, Role.PRODUCT_OWNER})


def visible_proposals(user):
    return RecurrenceProposal.objects.visible_to(user).select_related("component").order_by("proposed_at", "pk")


def visible_problems(user):
    return Problem.objects.visible_to(user).select_related("component").order_by("created_at", "pk")


def open_proposals(user) -> Q:
    return Q(status=ProposalStatus.OPEN)


def owned_and_waiting(user) -> Q:
    """The user's own problems without a solving change yet: the analysis or the change is theirs to bring."""
    return Q(owner=user, status__in=[ProblemStatus.LOGGED, ProblemStatus.KNOWN_ERROR])


SECTIONS = [
    Section(
        "problem_proposals",
        _("Voorgestelde problemen (terugkerende incidenten)"),
        _is_architect,
        "problems/inbox/_proposal_rows.html",
        32,
        base=visible_proposals,
        where=open_proposals,
    ),
    Section(
        "my_problems",
        _("Mijn problemen zonder oplossing"),
        _manages,
        "problems/inbox/_problem_rows.html",
        33,
        base=visible_problems,
        where=owned_and_waiting,
    ),
]


def register_sections() -> None:
    register(*SECTIONS)
