"""Demo problems for `seed_demo`: three reports of the same log-in failure on the GGD portal last week (filed
before the weekly reports are computed), then the weekly recurrence check over the demo incidents, its first
proposal accepted by the System Architect with a root cause and a workaround (a known error on the incident
pages of the GGD portal), any others left for him to decide. Each step loads nothing the second time."""

from datetime import timedelta

from django.contrib.auth import get_user_model

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
    if Incident.objects.filter(title__in=RECURRING_TITLES).exists():
        return 0
    reporter = get_user_model().objects.get(username="ggd")
    portal = Component.objects.get(slug="ggd-portaal")
    monday = services.last_completed_week()
    for day, title in enumerate(RECURRING_TITLES):
        incident_services.incident_file(
            actor=reporter,
            title=title,
            component=portal,
            impact="medium",
            urgency="medium",
            now=monday + timedelta(days=day, hours=9 + day),
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
