"""What a user can do to an incident, for the incident page and the API alike (core.actions)."""

from django.utils.translation import gettext_lazy as _

from core.actions import Action, ActionRegistry

from . import forms, rules, services
from .api import serializers
from .workflow import INCIDENT_WORKFLOW

INCIDENT_ACTIONS = ActionRegistry(
    INCIDENT_WORKFLOW,
    "incident",
    [
        Action(
            "acknowledge",
            services.incident_acknowledge,
            forms.ActionOnlyForm,
            serializers.VersionedSerializer,
            transition="acknowledge",
            done=_("In behandeling genomen."),
        ),
        Action(
            "resume",
            services.incident_resume,
            forms.ActionOnlyForm,
            serializers.OptionalReasonSerializer,
            transition="resume",
            done=_("Hervat; de klokken lopen weer."),
        ),
        Action(
            "reply",
            services.incident_reply,
            forms.ReplyForm,
            serializers.IncidentUpdateCreateSerializer,
            guard=rules.can_post,
            label=_("Bericht plaatsen"),
            button=_("Versturen"),
            done=_("Bericht geplaatst."),
        ),
        Action(
            "triage",
            services.incident_triage,
            forms.TriageForm,
            serializers.TriageSerializer,
            guard=rules.can_triage,
            label=_("Beoordelen"),
            button=_("Beoordeling vastleggen"),
            done=_("Beoordeling vastgelegd."),
            secondary=True,
        ),
        Action(
            "assign",
            services.incident_assign,
            forms.AssignForm,
            serializers.AssignSerializer,
            transition="assign",
            done=_("Toegewezen."),
            secondary=True,
        ),
        Action(
            "hold",
            services.incident_hold,
            forms.HoldForm,
            serializers.HoldSerializer,
            transition="hold",
            done=_("In de wacht gezet; de klokken staan stil."),
            secondary=True,
        ),
        Action(
            "resolve",
            services.incident_resolve,
            forms.ResolveForm,
            serializers.ResolveSerializer,
            transition="resolve",
            done=_("Opgelost. De melder kan de oplossing bevestigen of het incident heropenen."),
        ),
        Action(
            "cancel",
            services.incident_cancel_duplicate,
            forms.CancelForm,
            serializers.CancelSerializer,
            transition="cancel",
            button=_("Laten vervallen"),
            done=_("Vervallen als dubbel."),
            secondary=True,
        ),
        Action(
            "confirm",
            services.incident_confirm,
            forms.ActionOnlyForm,
            serializers.VersionedSerializer,
            transition="confirm",
            button=_("Ja, het werkt weer"),
            done=_("Bedankt voor uw bevestiging. Het incident is gesloten."),
        ),
        Action(
            "reopen",
            services.incident_reopen,
            forms.ReasonForm,
            serializers.ReasonSerializer,
            transition="reopen",
            button=_("Nee, heropen het incident"),
            done=_("Het incident is heropend."),
            secondary=True,
        ),
    ],
)
