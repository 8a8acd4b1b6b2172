"""Reads for the problem pages and API, always starting from what the user may see."""

from django.db.models import Prefetch

from changes.models import ChangeRequest
from incidents.models import Incident

from .models import Problem, ProblemIncidentLink, RecurrenceProposal


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


def incident_by_reference(user, reference: str) -> Incident | None:
    return Incident.objects.visible_to(user).filter(reference=reference.strip().upper()).first()


def change_by_reference(user, reference: str) -> ChangeRequest | None:
    return ChangeRequest.objects.visible_to(user).filter(reference=reference.strip().upper()).first()
