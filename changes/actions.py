"""What a user can do to a change, for the change page and the API alike (core.actions).

On the page one form decides (approve or reject, the button says which); the API has an endpoint
for each."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from core.actions import Action, ActionRegistry

from . import forms, rules, services
from .api import serializers
from .workflow import CHANGE_WORKFLOW


def _simple(name: str, *, secondary: bool = False) -> Action:
    """A move that needs nothing but a reason: one button among others on the page."""
    return Action(
        name,
        partial(services.change_transition, name=name),
        forms.TransitionForm,
        serializers.TransitionSerializer,
        transition=name,
        secondary=secondary,
    )


CHANGE_ACTIONS = ActionRegistry(
    CHANGE_WORKFLOW,
    "change",
    [
        Action(
            "submit",
            services.change_submit,
            forms.TransitionForm,
            serializers.TransitionSerializer,
            transition="submit",
        ),
        Action(
            "assess",
            services.change_assess,
            forms.AssessmentForm,
            serializers.AssessmentInputSerializer,
            transition="assess",
            button=_("Beoordeling vastleggen"),
        ),
        Action(
            "request_approval",
            services.change_request_approval,
            forms.TransitionForm,
            serializers.TransitionSerializer,
            transition="request_approval",
        ),
        Action("decide", services.change_decide, forms.DecisionForm, guard=rules.may_decide, label=_("Besluiten")),
        Action(
            "approve", services.change_approve, serializer=serializers.DecisionInputSerializer, transition="approve"
        ),
        Action("reject", services.change_reject, serializer=serializers.DecisionInputSerializer, transition="reject"),
        Action(
            "schedule",
            services.change_schedule,
            forms.ScheduleForm,
            serializers.ScheduleInputSerializer,
            transition="schedule",
        ),
        _simple("start"),
        _simple("complete"),
        _simple("fail", secondary=True),
        _simple("roll_back"),
        Action(
            "review",
            services.change_review,
            forms.ReviewForm,
            serializers.ReviewInputSerializer,
            transition="review",
        ),
        _simple("close"),
        _simple("cancel", secondary=True),
    ],
)
