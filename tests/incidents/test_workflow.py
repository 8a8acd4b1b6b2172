"""The incident workflow as data: who may take which move now, and the order of the refusals."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import TransitionNotAllowed
from incidents.actions import INCIDENT_ACTIONS
from incidents.models import Status
from incidents.workflow import INCIDENT_WORKFLOW


def names(items) -> set[str]:
    return {item.name for item in items}


def test_the_assigned_operator_and_the_reporter_are_offered_their_own_moves(demo_user, file_incident, route):
    incident = route(file_incident(), "justid")

    assert names(INCIDENT_WORKFLOW.available(demo_user("justid"), incident)) == {"assign", "acknowledge", "cancel"}
    assert names(INCIDENT_WORKFLOW.available(demo_user("ggd"), incident)) == set()
    assert names(INCIDENT_ACTIONS.available(demo_user("justid"), incident)) == {
        "acknowledge",
        "reply",
        "triage",
        "assign",
        "cancel",
    }
    assert names(INCIDENT_ACTIONS.available(demo_user("ggd"), incident)) == {"reply"}
    assert names(INCIDENT_ACTIONS.available(demo_user("vws"), incident)) == set()


def test_apply_asks_who_before_the_state_and_sets_the_status(demo_user, file_incident, route):
    incident = route(file_incident(), "justid")

    with pytest.raises(PermissionDenied):
        INCIDENT_WORKFLOW.apply(incident, "resolve", demo_user("ggd"))  # neither allowed nor in progress
    with pytest.raises(TransitionNotAllowed):
        INCIDENT_WORKFLOW.apply(incident, "resolve", demo_user("justid"))
    assert incident.status == Status.ASSIGNED

    INCIDENT_WORKFLOW.apply(incident, "acknowledge", demo_user("justid"))
    assert incident.status == Status.IN_PROGRESS


def test_background_moves_are_the_systems_only(demo_user, file_incident):
    incident = file_incident()
    incident.status = Status.RESOLVED

    assert not INCIDENT_WORKFLOW.can(demo_user("cibg"), incident, "auto_close")
    assert INCIDENT_WORKFLOW.can(None, incident, "auto_close")


def test_the_page_builds_only_the_forms_of_the_available_actions(client, demo_user, file_incident, route):
    incident = route(file_incident(), "justid")
    url = reverse("incidents:incident_detail", args=[incident.reference])

    client.force_login(demo_user("ggd"))
    assert set(client.get(url).context["action_forms"]) == {"reply"}
    client.force_login(demo_user("justid"))
    assert set(client.get(url).context["action_forms"]) == {"acknowledge", "reply", "triage", "assign", "cancel"}
