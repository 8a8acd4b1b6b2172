"""The change lifecycle (DESIGN §4 "Change types"): draft → submitted → assessed → awaiting approval →
approved → scheduled → in progress → completed / failed → (rolled back) → reviewed → closed; rejected
and cancelled end it early. Each move names who may make it (changes.rules)."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from . import rules
from .models import BEFORE_IMPLEMENTATION, ChangeStatus


def _product_owner(user, change) -> bool:
    return rules.is_product_owner(user)


def _system_architect(user, change) -> bool:
    return rules.is_system_architect(user)


S = ChangeStatus
BY_REQUESTER_OR_PO = rules.is_requester_or_product_owner

# The state is checked before who you are: a move the change's state does not allow answers 409 for anyone.
CHANGE_WORKFLOW = Workflow(
    dict(ChangeStatus.choices),
    [
        Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, _("Indienen"), rules.is_requester_side),
        # A standard change is pre-approved by its template: approved as soon as it is submitted.
        Transition("preapprove", frozenset({S.SUBMITTED}), S.APPROVED, _("Vooraf goedgekeurd"), rules.is_standard),
        Transition(
            "assess", frozenset({S.SUBMITTED, S.ASSESSED}), S.ASSESSED, _("Risico beoordelen"), _system_architect
        ),
        Transition(
            "request_approval",
            frozenset({S.SUBMITTED, S.ASSESSED}),
            S.AWAITING_APPROVAL,
            _("Ter goedkeuring aanbieden"),
            _product_owner,
        ),
        Transition(
            "approve",
            frozenset({S.AWAITING_APPROVAL}),
            S.APPROVED,
            _("Goedkeuren"),
            rules.may_decide,
            rules.decision_refusal,
        ),
        Transition(
            "reject",
            frozenset({S.SUBMITTED, S.ASSESSED, S.AWAITING_APPROVAL}),
            S.REJECTED,
            _("Afwijzen"),
            rules.may_decide,
            rules.decision_refusal,
        ),
        Transition("schedule", frozenset({S.APPROVED, S.SCHEDULED}), S.SCHEDULED, _("Inplannen"), _product_owner),
        Transition("start", frozenset({S.SCHEDULED}), S.IN_PROGRESS, _("Uitvoering starten"), BY_REQUESTER_OR_PO),
        Transition("complete", frozenset({S.IN_PROGRESS}), S.COMPLETED, _("Afronden (geslaagd)"), BY_REQUESTER_OR_PO),
        Transition("fail", frozenset({S.IN_PROGRESS}), S.FAILED, _("Mislukt melden"), BY_REQUESTER_OR_PO),
        Transition("roll_back", frozenset({S.FAILED}), S.ROLLED_BACK, _("Teruggedraaid melden"), BY_REQUESTER_OR_PO),
        Transition(
            "review",
            frozenset({S.COMPLETED, S.FAILED, S.ROLLED_BACK}),
            S.REVIEWED,
            _("Evaluatie vastleggen"),
            BY_REQUESTER_OR_PO,
        ),
        Transition("close", frozenset({S.COMPLETED, S.REVIEWED}), S.CLOSED, _("Sluiten"), _product_owner),
        Transition("cancel", BEFORE_IMPLEMENTATION, S.CANCELLED, _("Annuleren"), BY_REQUESTER_OR_PO),
    ],
)
