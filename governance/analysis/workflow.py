"""An action from a week's analysis is open until its owner (or the architect) marks it done."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow
from governance.models import ActionStatus

from . import rules

ACTION_WORKFLOW = Workflow(
    dict(ActionStatus.choices),
    [Transition("complete", frozenset({ActionStatus.OPEN}), ActionStatus.DONE, _("Afronden"), rules.may_complete)],
)
