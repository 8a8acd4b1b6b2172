"""The incident lifecycle: new → assigned → in progress ⇄ on hold → resolved → closed;
resolved → reopened → in progress; open incidents may be cancelled as a duplicate."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from . import rules
from .models import Status


def is_system(user, incident) -> bool:
    """Background work acts without a user."""
    return user is None


S = Status
WORKED = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.ON_HOLD, S.REOPENED})

# Who you are is checked before the state: a party that may not work the incident is told so (403).
INCIDENT_WORKFLOW = Workflow(
    dict(Status.choices),
    [
        Transition(
            "assign",
            frozenset({S.NEW}) | WORKED,
            S.ASSIGNED,
            _("Toewijzen"),
            rules.can_work,
            _("U kunt dit incident niet aan die partij toewijzen."),
        ),
        Transition(
            "acknowledge",
            frozenset({S.ASSIGNED, S.REOPENED}),
            S.IN_PROGRESS,
            _("In behandeling nemen"),
            rules.can_work,
            _("U kunt dit incident niet in behandeling nemen."),
        ),
        Transition(
            "hold",
            frozenset({S.IN_PROGRESS}),
            S.ON_HOLD,
            _("In de wacht zetten"),
            rules.can_work,
            _("U kunt dit incident niet in de wacht zetten."),
        ),
        Transition(
            "resume",
            frozenset({S.ON_HOLD}),
            S.IN_PROGRESS,
            _("Hervatten"),
            rules.can_work,
            _("U kunt dit incident niet hervatten."),
        ),
        # The reporter's answer to the question the incident waits for resumes it (a reply, not a button).
        Transition(
            "answer",
            frozenset({S.ON_HOLD}),
            S.IN_PROGRESS,
            _("Melder heeft geantwoord"),
            rules.answers_question,
        ),
        Transition(
            "resolve",
            frozenset({S.IN_PROGRESS}),
            S.RESOLVED,
            _("Oplossen"),
            rules.can_work,
            _("U kunt dit incident niet oplossen."),
        ),
        # A report that follows a known outage is resolved with it, whatever step it had reached on its own.
        Transition(
            "resolve_with_outage",
            frozenset({S.NEW}) | WORKED,
            S.RESOLVED,
            _("Opgelost met de bekende storing"),
            rules.follows_known_outage,
        ),
        Transition(
            "confirm",
            frozenset({S.RESOLVED}),
            S.CLOSED,
            _("Oplossing bevestigen"),
            rules.can_confirm,
            _("Alleen de melder kan de oplossing bevestigen."),
        ),
        Transition("auto_close", frozenset({S.RESOLVED}), S.CLOSED, _("Automatisch sluiten"), is_system),
        Transition(
            "reopen",
            frozenset({S.RESOLVED}),
            S.REOPENED,
            _("Heropenen"),
            rules.can_confirm,
            _("Alleen de melder kan het incident heropenen."),
        ),
        Transition(
            "cancel",
            frozenset({S.NEW}) | WORKED,
            S.CANCELLED,
            _("Vervallen als dubbel"),
            rules.can_work,
            _("U kunt dit incident niet laten vervallen."),
        ),
    ],
    guard_first=True,
)
