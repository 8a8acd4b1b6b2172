"""The incident API: the same rules and visibility as the pages, refusals as 409, per-field 400s."""

import pytest
import time_machine
from rest_framework.test import APIClient

from incidents import services
from incidents.models import Incident, IncidentUpdate, Status
from tests.timetravel import local

BASE = "/api/incidents/"
REPORTER_FIELDS = {
    "reference",
    "title",
    "description",
    "component",
    "impact",
    "urgency",
    "priority",
    "is_major",
    "status",
    "reported_at",
    "resolution_code",
    "resolution",
    "resolved_at",
    "closed_at",
    "version",
}
CHAIN_ONLY_FIELDS = {
    "reporter_party",
    "assigned_party",
    "breach_state",
    "due_at",
    "reopen_count",
    "duplicate_of",
    "known_outage",
}


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=True):
        yield


@pytest.fixture
def api(demo_user):
    """`api("kpn")`: an API client signed in as that demo user; `api()` is anonymous."""

    def client_for(username=None):
        client = APIClient()
        if username:
            client.force_authenticate(demo_user(username))
        return client

    return client_for


def url(incident, name=None):
    return f"{BASE}{incident.reference}/" + (f"{name}/" if name else "")


def fresh(incident):
    return Incident.objects.get(pk=incident.pk)


def state(incident):
    incident = fresh(incident)
    return incident.status, incident.version, incident.history.count()


# --- list and read ------------------------------------------------------------------------------


def test_the_list_is_filtered_paginated_and_needs_constant_queries(
    api, demo_user, file_incident, route, django_assert_max_num_queries
):
    majors = [route(file_incident(impact="high", urgency="high", title=f"HSM {n}"), "justid") for n in range(3)]
    original = file_incident(component_slug="ggd-portaal", title="Portaal traag")
    duplicate = file_incident(component_slug="ggd-portaal", title="Portaal traag (nogmaals)")
    services.incident_cancel_duplicate(actor=demo_user("cibg"), incident=duplicate, duplicate_of=original)

    def get(username, **query):
        with django_assert_max_num_queries(12) as captured:
            response = api(username).get(BASE, query)
        assert response.status_code == 200
        return response.json(), len(captured)

    body, _queries = get("cibg", component="hsm", status="assigned", priority="P1")
    assert {row["reference"] for row in body["results"]} == {incident.reference for incident in majors}
    assert {row["assigned_party"]["slug"] for row in body["results"]} == {"justid"}
    body, _queries = get("cibg", status="cancelled")
    assert [(row["reference"], row["duplicate_of"]) for row in body["results"]] == [
        (duplicate.reference, original.reference)
    ]
    assert len(get("kpn", component="ggd-portaal", open="true")[0]["results"]) == 1
    assert get("cibg", breach_state="breached")[0]["results"] == []

    small = {user: get(user)[1] for user in ("cibg", "ggd")}
    for n in range(50):
        file_incident(component_slug="infrastructuur", impact="low", urgency="low", title=f"Server {n}")
    first_page, cibg_queries = get("cibg")
    _body, ggd_queries = get("ggd")

    assert len(first_page["results"]) == 50
    assert "cursor=" in first_page["next"]
    second_page = api("cibg").get(first_page["next"]).json()
    assert len(second_page["results"]) == 5
    assert second_page["next"] is None
    assert {row["reference"] for row in first_page["results"] + second_page["results"]} == set(
        Incident.objects.values_list("reference", flat=True)
    )
    assert {"cibg": cibg_queries, "ggd": ggd_queries} == small


def test_the_list_sorts_by_report_time_and_refuses_what_a_cursor_cannot_follow(api, file_incident, at):
    with at(2026, 3, 2, 8, 0):
        earlier = file_incident(impact="low", urgency="low", title="P4")
    with at(2026, 3, 2, 9, 0):
        later = file_incident(impact="high", urgency="high", title="P1")
    rows = api("cibg").get(BASE).json()["results"]
    assert [row["reference"] for row in rows] == [later.reference, earlier.reference]
    rows = api("cibg").get(BASE, {"ordering": "reported_at"}).json()["results"]
    assert [row["reference"] for row in rows] == [earlier.reference, later.reference]
    for refused in ("due_at", "-priority", "reported_at,due_at"):
        response = api("cibg").get(BASE, {"ordering": refused})
        assert response.status_code == 400
        assert "ordering" in response.json()


def test_the_reporter_gets_the_reporter_representation(api, file_incident, route):
    incident = route(file_incident(component_slug="hsm"), "justid")

    listed = api("ggd").get(BASE).json()["results"]
    single = api("ggd").get(url(incident)).json()

    assert set(listed[0]) == REPORTER_FIELDS
    assert set(single) == REPORTER_FIELDS
    assert single["component"] == "Beveiligde sleutels en certificaten"
    assert "JustID" not in str(single)
    chain_view = api("kpn").get(url(incident)).json()
    assert set(chain_view) == REPORTER_FIELDS | CHAIN_ONLY_FIELDS
    assert chain_view["assigned_party"]["slug"] == "justid"


# --- create -------------------------------------------------------------------------------------


def test_create_answers_201_with_a_reference(api):
    response = api("ggd").post(
        BASE,
        {"title": "Code genereren duurt minuten", "component": "ggd-portaal", "impact": "high", "urgency": "medium"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == "INC-2026-000001"
    assert (body["status"], body["priority"], body["is_major"]) == ("new", "P2", False)
    assert set(body) == REPORTER_FIELDS
    incident = Incident.objects.get()
    assert (incident.reported_by.username, incident.reporter_party.slug) == ("ggd", "ggd-ghor")
    assert incident.clocks.get().agreement_reference == "SLA-VWS-CIBG"


def test_invalid_create_answers_400_per_field_and_creates_nothing(api):
    response = api("ggd").post(BASE, {"component": "broodrooster", "impact": "huge", "urgency": "low"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"title", "component", "impact"}
    assert not Incident.objects.exists()


# --- transitions --------------------------------------------------------------------------------


def test_every_transition_is_an_explicit_action(api, file_incident):
    incident = file_incident(component_slug="hsm")

    def act(username, name, expected=200, **body):
        response = api(username).post(url(incident, name), body, format="json")
        assert response.status_code == expected, response.content
        return response.json()

    refused = act("cibg", "triage", 400, impact="medium", urgency="medium", priority="P1")
    assert set(refused) == {"reason"}
    assert fresh(incident).priority == "P3"
    body = act("cibg", "triage", impact="medium", urgency="medium", priority="P1", reason="Landelijke storing")
    assert (body["priority"], body["is_major"]) == ("P1", True)

    body = act("cibg", "assign", party="justid", reason="HSM ligt bij JustID")
    assert (body["status"], body["assigned_party"]["slug"]) == ("assigned", "justid")
    body = act("justid", "acknowledge", version=body["version"])
    assert body["status"] == "in_progress"
    assert set(act("justid", "hold", 400, waiting_for="party", reason="Wacht op KPN")) == {"waiting_for_party"}
    body = act("justid", "hold", waiting_for="party", waiting_for_party="kpn", reason="Wacht op KPN")
    assert (body["status"], body["due_at"]) == ("on_hold", None)
    assert fresh(incident).hold_periods.get().waiting_for_party.slug == "kpn"
    body = act("justid", "resume", reason="KPN heeft de HSM herstart")
    assert body["status"] == "in_progress"
    assert body["due_at"] is not None
    body = act("justid", "resolve", resolution_code="fixed", resolution="Certificaat vernieuwd.")
    assert (body["status"], body["resolution"]) == ("resolved", "Certificaat vernieuwd.")

    body = act("ggd", "reopen", reason="De fout is terug")
    assert body["status"] == "reopened"
    assert set(body) == REPORTER_FIELDS
    act("justid", "acknowledge")
    act("justid", "resolve", resolution_code="configuration", resolution="Configuratie hersteld.")
    body = act("ggd", "confirm")
    assert body["status"] == "closed"
    assert fresh(incident).reopen_count == 1


def test_cancel_as_duplicate_names_the_original(api, file_incident):
    original = file_incident(title="Portaal traag")
    duplicate = file_incident(title="Portaal traag, weer")

    missing = api("cibg").post(url(duplicate, "cancel"), {"duplicate_of": "INC-2026-999999"}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()) == {"duplicate_of"}
    assert fresh(duplicate).status == Status.NEW

    response = api("cibg").post(url(duplicate, "cancel"), {"duplicate_of": original.reference.lower()}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["duplicate_of"]) == ("cancelled", original.reference)


def test_an_illegal_transition_answers_409_and_changes_nothing(api, file_incident):
    incident = file_incident()
    before = state(incident)

    response = api("cibg").post(
        url(incident, "resolve"), {"resolution_code": "fixed", "resolution": "Klaar"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "“Oplossen” kan niet wanneer de status “Nieuw” is."
    assert state(incident) == before
    assert api("ggd").post(url(incident, "confirm"), {}, format="json").status_code == 409
    assert state(incident) == before


def test_a_stale_version_answers_409_and_changes_nothing(api, file_incident, route):
    seen = file_incident()
    incident = route(seen, "justid")
    before = state(incident)

    response = api("justid").post(url(incident, "acknowledge"), {"version": seen.version}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "ConcurrentUpdate"
    assert "Iemand anders heeft dit record intussen gewijzigd" in response.json()["detail"]
    assert state(incident) == before


# --- updates ------------------------------------------------------------------------------------


def test_updates_public_for_the_reporter_internal_for_the_chain(api, file_incident, route):
    incident = route(file_incident(component_slug="hsm"), "justid")
    public = api("justid").post(url(incident, "updates"), {"body": "We kijken ernaar."}, format="json")
    internal = api("justid").post(
        url(incident, "updates"), {"body": "Partitie 3 is vol.", "visibility": "internal"}, format="json"
    )
    assert (public.status_code, internal.status_code) == (201, 201)
    assert public.json()["author"] == "Julia Dekker"
    assert fresh(incident).status == Status.IN_PROGRESS  # the first public reply acknowledges

    as_reporter = api("ggd").get(url(incident, "updates")).json()
    as_host = api("kpn").get(url(incident, "updates")).json()

    assert [(row["body"], row["author"]) for row in as_reporter] == [("We kijken ernaar.", "Servicedesk")]
    assert [row["body"] for row in as_host] == ["We kijken ernaar.", "Partitie 3 is vol."]

    refused = api("ggd").post(url(incident, "updates"), {"body": "Mag ik meelezen?", "visibility": "internal"})
    assert refused.status_code == 403
    answer = api("ggd").post(url(incident, "updates"), {"body": "Het gaat om Edge."}, format="json")
    assert (answer.status_code, answer.json()["author"]) == (201, "Gerda de Groot")
    assert IncidentUpdate.objects.filter(incident=incident).count() == 3


# --- who may see and do what --------------------------------------------------------------------


def test_incidents_outside_ones_part_of_the_chain_answer_404(api, file_incident, route):
    internal = file_incident("cibg", "backend", title="Intern gemeld")
    server = route(file_incident(component_slug="infrastructuur", title="Server onbereikbaar"), "kpn")
    before = state(server)

    for username, incident in (("ggd", internal), ("dictu", server)):
        client = api(username)
        assert client.get(url(incident)).status_code == 404
        assert client.get(url(incident, "updates")).status_code == 404
        assert client.post(url(incident, "acknowledge"), {}, format="json").status_code == 404
        assert client.post(url(incident, "updates"), {"body": "Hallo?"}, format="json").status_code == 404
        assert incident.reference not in str(client.get(BASE).json())
    assert state(server) == before
    assert not IncidentUpdate.objects.exists()
    assert api("kpn").get(url(server)).status_code == 200


def test_a_viewer_reads_everything_but_changes_nothing(api, file_incident, route):
    incident = route(file_incident(), "justid")
    before = state(incident)
    viewer = api("vws")

    assert [row["reference"] for row in viewer.get(BASE).json()["results"]] == [incident.reference]
    assert viewer.get(url(incident)).json()["assigned_party"]["slug"] == "justid"
    body = {"title": "Mag ik melden?", "component": "hsm", "impact": "low", "urgency": "low"}
    assert viewer.post(BASE, body, format="json").status_code == 403
    assert viewer.post(url(incident, "acknowledge"), {}, format="json").status_code == 403
    assert viewer.post(url(incident, "updates"), {"body": "Hoe staat het?"}, format="json").status_code == 403
    assert Incident.objects.count() == 1
    assert state(incident) == before
    assert not IncidentUpdate.objects.exists()


def test_anonymous_clients_get_nothing(api, file_incident):
    incident = file_incident()
    anonymous = api()

    assert anonymous.get(BASE).status_code in (401, 403)
    assert anonymous.get(url(incident)).status_code in (401, 403)
    body = {"title": "Anoniem", "component": "hsm", "impact": "low", "urgency": "low"}
    assert anonymous.post(BASE, body, format="json").status_code in (401, 403)
    assert anonymous.post(url(incident, "acknowledge"), {}, format="json").status_code in (401, 403)
    assert Incident.objects.count() == 1


def test_the_openapi_schema_describes_the_actions(api):
    response = api("cibg").get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/incidents/"])
    for name in ("triage", "assign", "acknowledge", "hold", "resume", "resolve", "confirm", "reopen", "cancel"):
        assert "post" in paths[f"/api/incidents/{{reference}}/{name}/"], name
    assert {"get", "post"} <= set(paths["/api/incidents/{reference}/updates/"])


def test_a_reporter_cannot_filter_on_who_works_on_its_incidents(api, file_incident, route):
    at_kpn = route(file_incident(component_slug="infrastructuur", title="Server onbereikbaar"), "kpn")
    at_justid = route(file_incident(component_slug="hsm", title="Certificaatfout"), "justid")

    for query in ({"assigned_party": "kpn"}, {"assigned_party": "justid"}, {"breach_state": "breached"}):
        body = api("ggd").get(BASE, query).json()
        assert {row["reference"] for row in body["results"]} == {at_kpn.reference, at_justid.reference}, query

    rows = api("cibg").get(BASE, {"assigned_party": "kpn"}).json()["results"]
    assert [row["reference"] for row in rows] == [at_kpn.reference]
