"""The incident lifecycle: new → assigned → in progress ⇄ on hold → resolved → closed;
resolved → reopened → in progress; open incidents may be cancelled as a duplicate."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow

from .models import Status

S = Status
WORKED = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.ON_HOLD, S.REOPENED})

INCIDENT_WORKFLOW = Workflow(
    dict(Status.choices),
    [
        Transition("assign", frozenset({S.NEW}) | WORKED, S.ASSIGNED, _("Toewijzen")),
        Transition("acknowledge", frozenset({S.ASSIGNED, S.REOPENED}), S.IN_PROGRESS, _("In behandeling nemen")),
        Transition("hold", frozenset({S.IN_PROGRESS}), S.ON_HOLD, _("In de wacht zetten")),
        Transition("resume", frozenset({S.ON_HOLD}), S.IN_PROGRESS, _("Hervatten")),
        Transition("resolve", frozenset({S.IN_PROGRESS}), S.RESOLVED, _("Oplossen")),
        Transition("confirm", frozenset({S.RESOLVED}), S.CLOSED, _("Oplossing bevestigen")),
        Transition("auto_close", frozenset({S.RESOLVED}), S.CLOSED, _("Automatisch sluiten")),
        Transition("reopen", frozenset({S.RESOLVED}), S.REOPENED, _("Heropenen")),
        Transition("cancel", frozenset({S.NEW}) | WORKED, S.CANCELLED, _("Vervallen als dubbel")),
    ],
)
