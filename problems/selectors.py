"""Reads for the problem pages and API, always starting from what the user may see."""

from django.db.models import Prefetch, Q

from changes.models import ChangeRequest
from incidents.models import Incident

from .models import OPEN_PROBLEM_STATES, Problem, ProblemIncidentLink, RecurrenceProposal


def problems_for_list(user):
    return Problem.objects.visible_to(user).select_related("component", "owner", "change")


def problem_detail_queryset(user):
    links = ProblemIncidentLink.objects.visible_to(user).select_related("incident", "created_by")
    return problems_for_list(user).prefetch_related(Prefetch("links", queryset=links, to_attr="visible_links"))


def proposals_for_list(user):
    return (
        RecurrenceProposal.objects.visible_to(user)
        .select_related("component", "decided_by", "problem")
        .prefetch_related("incidents")
    )


def known_errors_for(user, incident: Incident) -> list[Problem]:
    """Open problems on the incident's component, and those the incident is linked to, as the user may see them."""
    same_component = Q(status__in=OPEN_PROBLEM_STATES, component_id=incident.component_id)
    linked = Q(pk__in=ProblemIncidentLink.objects.filter(incident=incident).values("problem_id"))
    return list(problems_for_list(user).filter(same_component | linked).order_by("-created_at", "-pk"))


def incident_by_reference(user, reference: str) -> Incident | None:
    return Incident.objects.visible_to(user).filter(reference=reference.strip().upper()).first()


def change_by_reference(user, reference: str) -> ChangeRequest | None:
    return ChangeRequest.objects.visible_to(user).filter(reference=reference.strip().upper()).first()
