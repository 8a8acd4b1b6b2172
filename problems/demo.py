"""Demo problems for `seed_demo`: three reports of the same log-in failure on the GGD portal last week (filed
before the weekly reports are computed), then the weekly recurrence check over the demo incidents, its first
proposal accepted by the System Architect with a root cause and a workaround (a known error on the incident
pages of the GGD portal), any others left for him to decide. Each step loads nothing the second time."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from core.history import history_recorded_at
from incidents import services as incident_services
from incidents.models import Incident
from parties.models import Component

from . import services
from .models import Problem, RecurrenceProposal

RECURRING_TITLES = [
    "Inloggen op het GGD-portaal mislukt met foutcode 403",
    "GGD-portaal: inloggen mislukt, foutcode 403",
    "Foutcode 403 bij inloggen op het GGD-portaal",
]


def load_demo_recurring_incidents() -> int:
    """Filed and passed to the portal's operator on three days of last week, each step dated when it happened."""
    if Incident.objects.filter(title__in=RECURRING_TITLES).exists():
        return 0
    users = {user.username: user for user in get_user_model().objects.filter(username__in=["ggd", "cibg"])}
    portal = Component.objects.select_related("operating_party").get(slug="ggd-portaal")
    monday = services.last_completed_week()
    for day, title in enumerate(RECURRING_TITLES):
        filed_at = monday + timedelta(days=day, hours=9 + day)
        with history_recorded_at(filed_at):
            incident = incident_services.incident_file(
                actor=users["ggd"], title=title, component=portal, impact="medium", urgency="medium"
            )
        with history_recorded_at(filed_at + timedelta(minutes=30)):
            incident_services.incident_assign(
                actor=users["cibg"], incident=incident, party=portal.operating_party, reason="Beheerder van het portaal"
            )
    incident_services.check_sla_clocks()
    return len(RECURRING_TITLES)


def load_demo_problems() -> int:
    if Problem.objects.exists() or RecurrenceProposal.objects.exists():
        return 0
    proposals = services.recurrences_propose()
    architect = get_user_model().objects.get(username="architect")
    for proposal in proposals[:1]:
        problem = services.proposal_accept(
            actor=architect,
            proposal=proposal,
            version=proposal.version,
            title="Inloggen op het GGD-portaal mislukt (403)",
            reason="Drie meldingen met dezelfde foutcode in één week",
        ).problem
        services.problem_record_analysis(
            actor=architect,
            problem=problem,
            version=problem.version,
            root_cause="Na de laatste uitrol mist één knooppunt van het portaal de rol-toewijzing voor GGD-accounts.",
            workaround="Opnieuw inloggen via het andere knooppunt (portaal-b); de servicedesk herstelt de rol.",
        )
    return len(proposals) + min(len(proposals), 1)
