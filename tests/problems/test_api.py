"""The problem API: the same services as the pages, with 400 / 403 / 404 / 409 refusals."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from parties.models import Component
from problems import services
from problems.models import Problem, ProblemStatus, ProposalStatus
from tests.factories import IncidentFactory

from .helpers import implemented, recurring_incidents, reviewed, scheduled_change, user

pytestmark = pytest.mark.usefixtures("demo_chain")


def api(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user(username))
    return client


def test_the_architect_records_a_problem_with_incidents_and_solves_it_through_the_api():
    incident = IncidentFactory(title="Servers vallen weg")
    created = api("architect").post(
        "/api/problems/",
        {"title": "HSM valt weg", "component": "hsm", "owner": "architect", "incidents": [incident.reference]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == ProblemStatus.LOGGED
    assert [link["incident"] for link in body["incidents"]] == [incident.reference]
    url = f"/api/problems/{body['id']}/"

    stale = api("architect").post(f"{url}record-analysis/", {"root_cause": "X", "workaround": "Y", "version": 99})
    assert stale.status_code == 409
    analysed = api("architect").post(
        f"{url}record-analysis/", {"root_cause": "Firmware", "workaround": "Herstart", "version": body["version"]}
    )
    assert analysed.json()["status"] == ProblemStatus.KNOWN_ERROR
    change = scheduled_change()
    linked = api("po").post(f"{url}link-change/", {"change": change.reference})
    assert (linked.status_code, linked.json()["change"]) == (200, change.reference)
    reviewed(implemented(change))
    assert api("vws").get(url).json()["status"] == ProblemStatus.CLOSED


def test_bad_input_and_refusals_change_nothing():
    assert (
        api("architect")
        .post("/api/problems/", {"title": "X", "component": "hsm", "owner": "architect", "incidents": ["INC-1"]})
        .status_code
        == 400
    )
    assert api("kpn").post("/api/problems/", {"title": "X", "component": "hsm", "owner": "kpn"}).status_code == 400
    assert api("kpn").post("/api/problems/", {"title": "X", "component": "hsm", "owner": "po"}).status_code == 403
    assert not Problem.objects.exists()
    problem = services.problem_create(
        actor=user("po"), title="Trage backend", component=IncidentFactory().component, owner=user("po")
    )
    assert api("po").post(f"/api/problems/{problem.pk}/link-change/", {"change": "CHG-1999-1"}).status_code == 400
    assert api("vws").post(f"/api/problems/{problem.pk}/withdraw/", {"reason": "Weg"}).status_code == 403
    assert api("po").post(f"/api/problems/{problem.pk}/withdraw/", {"reason": ""}).status_code == 400
    problem.refresh_from_db()
    assert (problem.status, problem.change) == (ProblemStatus.LOGGED, None)


def test_who_sees_which_problem_in_the_api():
    infrastructure = IncidentFactory(component=Component.objects.get(slug="infrastructuur")).component
    problem = services.problem_create(actor=user("po"), title="Servers", component=infrastructure, owner=user("po"))
    listed = {
        name: [row["reference"] for row in api(name).get("/api/problems/").json()["results"]]
        for name in ("kpn", "dictu", "vws", "ggd")
    }
    # KPN runs the infrastructure, DICTU does not; VWS reads everything; the reporter's side nothing.
    assert listed == {"kpn": [problem.reference], "dictu": [], "vws": [problem.reference], "ggd": []}
    assert api("ggd").get(f"/api/problems/{problem.pk}/").status_code == 404


def test_proposals_are_accepted_and_dismissed_through_the_api(at):
    recurring_incidents(at, date(2026, 3, 2))
    with at(2026, 3, 9, 6, 30):
        proposal = services.recurrences_propose()[0]
    url = f"/api/problem-proposals/{proposal.pk}/"
    assert api("kpn").get(url).status_code == 404
    assert api("po").post(f"{url}accept/", {}).status_code == 403
    assert api("architect").post(f"{url}dismiss/", {"reason": ""}).status_code == 400

    accepted = api("architect").post(f"{url}accept/", {"owner": "po", "reason": "Patroon"}, format="json")

    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["decided_by"]) == (ProposalStatus.ACCEPTED, "architect")
    problem = Problem.objects.get(reference=accepted.json()["problem"])
    assert problem.owner == user("po")
    assert api("architect").post(f"{url}dismiss/", {"reason": "Toch niet"}).status_code == 409
    incidents = api("po").get(f"/api/problems/{problem.pk}/incidents/").json()
    assert len(incidents) == 3
