"""Every write to an incident: one function per use case, transactional, with history and a reason.

Each service locks the incident row (select_for_update) and checks the version the caller saw,
so of two people acting at once one wins and the other gets a conflict. The status changes only
through `INCIDENT_WORKFLOW.apply` (incidents/workflow.py), which checks the state and who may
make the move (incidents/rules.py).
"""

from .background import (
    auto_close_at,
    auto_close_resolved,
    check_sla_clocks,
    remind_unacknowledged_assignments,
    remind_unanswered_questions,
)
from .filing import incident_file
from .outages import incident_detach_outage, incident_link_outage
from .resolution import incident_cancel_duplicate, incident_confirm, incident_reopen, incident_resolve
from .work import incident_acknowledge, incident_assign, incident_hold, incident_reply, incident_resume, incident_triage

__all__ = [
    "auto_close_at",
    "auto_close_resolved",
    "check_sla_clocks",
    "incident_acknowledge",
    "incident_assign",
    "incident_cancel_duplicate",
    "incident_confirm",
    "incident_detach_outage",
    "incident_file",
    "incident_hold",
    "incident_link_outage",
    "incident_reopen",
    "incident_reply",
    "incident_resolve",
    "incident_resume",
    "incident_triage",
    "remind_unacknowledged_assignments",
    "remind_unanswered_questions",
]
