"""What a user can do to a major incident, for its page and the API alike (core.actions)."""

from django.utils.translation import gettext_lazy as _

from core.actions import Action, ActionRegistry

from . import forms, rules, services
from .api import serializers
from .models import MajorIncidentReview, MajorStatus
from .workflow import MAJOR_WORKFLOW


def _may_communicate(user, major) -> bool:
    return major.status != MajorStatus.CLOSED and rules.can_coordinate(user, major)


def _may_link(user, major) -> bool:
    return major.status == MajorStatus.DECLARED and rules.can_coordinate(user, major)


def _may_change_coordinator(user, major) -> bool:
    return major.status != MajorStatus.CLOSED and rules.can_declare(user)


def _may_review(user, major) -> bool:
    return major.status == MajorStatus.STOOD_DOWN and rules.can_file_review(user, major)


def _may_complete_an_action(user, major) -> bool:
    review = MajorIncidentReview.objects.filter(major_id=major.pk).first()
    return review is not None and any(rules.can_complete_action(user, action) for action in review.actions.all())


MAJOR_ACTIONS = ActionRegistry(
    MAJOR_WORKFLOW,
    "major",
    [
        Action(
            "post_update",
            services.major_post_update,
            forms.UpdateForm,
            serializers.UpdateCreateSerializer,
            guard=_may_communicate,
            label=_("Update versturen"),
            done=_("Update verstuurd."),
        ),
        Action(
            "link_report",
            services.major_link_report,
            forms.LinkReportForm,
            serializers.LinkReportSerializer,
            guard=_may_link,
            label=_("Melding koppelen"),
            button=_("Koppelen"),
            done=_("Gekoppeld: de melding volgt deze grote verstoring."),
        ),
        Action(
            "change_coordinator",
            services.major_change_coordinator,
            forms.CoordinatorForm,
            serializers.CoordinatorSerializer,
            guard=_may_change_coordinator,
            label=_("Coördinator wijzigen"),
            done=_("Coördinator gewijzigd."),
            secondary=True,
        ),
        Action(
            "stand_down",
            services.major_stand_down,
            forms.ReasonForm,
            serializers.ReasonSerializer,
            transition="stand_down",
            done=_("Afgeschaald. Dien nu de evaluatie in."),
            secondary=True,
        ),
        Action(
            "file_review",
            services.major_file_review,
            forms.ReviewForm,
            serializers.ReviewCreateSerializer,
            guard=_may_review,
            label=_("Evaluatie indienen"),
            done=_("Evaluatie ingediend."),
        ),
        Action(
            "close",
            services.major_close,
            forms.ReasonForm,
            serializers.ReasonSerializer,
            transition="close",
            done=_("Gesloten."),
        ),
        Action(
            "complete_action",
            services.review_action_complete,
            forms.CompleteActionForm,
            serializers.CompleteActionSerializer,
            guard=_may_complete_an_action,
            label=_("Actie gereed melden"),
            button=_("Gereed"),
            done=_("Actie gereed gemeld."),
        ),
    ],
)
