"""What a user can do to a problem or a recurrence proposal, for the pages and the API alike (core.actions)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.actions import Action, ActionRegistry

from . import forms, selectors, services
from .api import serializers
from .workflow import PROBLEM_WORKFLOW, PROPOSAL_WORKFLOW


def link_change_by_reference(*, actor, problem, version, change: str, reason: str = ""):
    """The page and the API name the change by its reference; one the actor may not see is unknown."""
    found = selectors.change_by_reference(actor, change)
    if found is None:
        raise ValidationError({"change": _("Geen wijziging met dit kenmerk.")})
    return services.problem_link_change(actor=actor, problem=problem, version=version, change=found, reason=reason)


PROBLEM_ACTIONS = ActionRegistry(
    PROBLEM_WORKFLOW,
    "problem",
    [
        Action(
            "record_analysis",
            services.problem_record_analysis,
            forms.AnalysisForm,
            serializers.AnalysisInputSerializer,
            transition="record_analysis",
        ),
        Action(
            "link_change",
            link_change_by_reference,
            forms.LinkChangeForm,
            serializers.LinkChangeInputSerializer,
            transition="link_change",
        ),
        Action(
            "withdraw",
            services.problem_withdraw,
            forms.ReasonForm,
            serializers.ReasonInputSerializer,
            transition="withdraw",
            secondary=True,
        ),
    ],
)


PROPOSAL_ACTIONS = ActionRegistry(
    PROPOSAL_WORKFLOW,
    "proposal",
    [
        Action(
            "accept", services.proposal_accept, forms.AcceptForm, serializers.AcceptInputSerializer, transition="accept"
        ),
        Action(
            "dismiss",
            services.proposal_dismiss,
            forms.ReasonForm,
            serializers.ReasonInputSerializer,
            transition="dismiss",
            secondary=True,
        ),
    ],
)
