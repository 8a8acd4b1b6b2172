from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from changes import services
from changes.models import ChangeRequest, ChangeStatus

from .conftest import ANSWERS, WINDOW_START

pytestmark = pytest.mark.django_db

# A change a DICTU operator may request over the API.
NEW_CHANGE = {
    "title": "Nieuwe app-versie",
    "motivation": "Bugfix",
    "change_type": "normal",
    "requesting_party": "dictu",
    "components": ["ios-app"],
    "implementation_plan": "Uitrollen via de App Store",
    "rollback_plan": "Vorige versie terugzetten",
    "test_evidence": "TestFlight",
    "proposed_start": "2030-03-04T08:00:00Z",
    "proposed_end": "2030-03-04T10:00:00Z",
}


@pytest.fixture
def api():
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def test_the_list_is_filtered_restricted_and_needs_constant_queries(
    api, chain, make_change, django_assert_max_num_queries
):
    for index in range(8):
        make_change(title=f"Infra {index}")
    make_change(chain.dictu_operator, [chain.app], title="App")
    with django_assert_max_num_queries(10):
        response = api(chain.po).get("/api/changes/", {"component": "ios-app", "status": "submitted"})
    assert [row["title"] for row in response.json()["results"]] == ["App"]
    assert api(chain.website_operator).get("/api/changes/").json()["results"] == []
    assert api(chain.ggd).get("/api/changes/").json()["results"] == []


def test_create_answers_201_with_reference_and_400_per_field(api, chain):
    body = NEW_CHANGE
    response = api(chain.dictu_operator).post("/api/changes/", body, format="json")
    assert response.status_code == 201
    assert response.json()["reference"].startswith("CHG-")
    assert response.json()["status"] == "submitted"

    response = api(chain.dictu_operator).post(
        "/api/changes/", {**body, "proposed_end": "2030-03-04T07:00:00Z", "test_evidence": ""}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"proposed_end", "test_evidence"}
    assert api(chain.kpn_operator).post("/api/changes/", body, format="json").status_code == 403
    assert ChangeRequest.objects.count() == 1


def test_create_refuses_a_component_the_requesting_party_does_not_run(api, chain, standard_template):
    body = {**NEW_CHANGE, "change_type": "standard", "template": standard_template.pk, "components": ["infra"]}
    response = api(chain.dictu_operator).post("/api/changes/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "components": [
            "DICTU beheert, host of bewaakt Infrastructuur niet en kan er daarom geen wijziging voor aanvragen."
        ]
    }
    assert ChangeRequest.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), [("requesting_party", "dic\x00tu"), ("components", ["ios\x00-app"])])
def test_a_party_or_component_with_a_nul_byte_is_refused_and_nothing_is_written(api, chain, field, value):
    refused = {"detail": "Het verzoek bevat een ongeldig teken (NUL) en is niet verwerkt."}
    response = api(chain.dictu_operator).post("/api/changes/", {**NEW_CHANGE, field: value}, format="json")
    assert response.status_code == 400
    assert response.json() == refused
    assert ChangeRequest.objects.count() == 0
    calendar = api(chain.po).get(
        "/api/changes/calendar/", {"start": "2030-03-01", "end": "2030-03-31", "component": "a\x00b"}
    )
    assert calendar.status_code == 400
    assert calendar.json()["detail"] == refused["detail"]


def test_the_lifecycle_over_the_api(api, chain, make_change):
    change = make_change()
    url = f"/api/changes/{change.pk}/"
    response = api(chain.architect).post(f"{url}assess/", {**ANSWERS["medium"], "version": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["risk"] == "medium"
    assert response.json()["required_roles"] == ["product_owner", "system_architect"]
    assert api(chain.po).post(f"{url}request-approval/").json()["status"] == "awaiting_approval"
    api(chain.po).post(f"{url}approve/", {"comment": "Akkoord"}, format="json")
    response = api(chain.architect).post(f"{url}approve/", {}, format="json")
    assert response.json()["status"] == "approved"
    assert [row["approver"] for row in response.json()["approvals"]] == ["po", "architect"]
    assert api(chain.po).post(f"{url}schedule/", {}, format="json").json()["status"] == "scheduled"
    assert api(chain.kpn_operator).post(f"{url}start/").json()["status"] == "in_progress"
    assert api(chain.kpn_operator).post(f"{url}fail/").json()["status"] == "failed"
    assert api(chain.kpn_operator).post(f"{url}roll-back/").json()["status"] == "rolled_back"
    response = api(chain.kpn_operator).post(f"{url}review/", {"what_happened": "Schijf vol"}, format="json")
    assert response.json()["available_actions"] == []
    assert api(chain.po).get(url).json()["available_actions"] == ["close"]
    assert api(chain.po).post(f"{url}close/").json()["status"] == "closed"


def test_refusals_are_409_403_and_404(api, chain, make_change, to_approval):
    change = make_change()
    url = f"/api/changes/{change.pk}/"
    response = api(chain.kpn_operator).post(f"{url}start/")
    assert response.status_code == 409
    assert response.json()["code"] == "TransitionNotAllowed"
    response = api(chain.kpn_operator).post(f"{url}cancel/", {"version": 0, "reason": "x"}, format="json")
    assert response.json()["code"] == "ConcurrentUpdate"
    assert api(chain.website_operator).post(f"{url}cancel/", {"reason": "x"}, format="json").status_code == 404

    own = to_approval(make_change(chain.po, title="Van de PO"), "low")
    response = api(chain.po).post(f"/api/changes/{own.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert "zelf" in response.json()["detail"]
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.SUBMITTED


def test_the_product_owner_moves_a_change_over_the_api(api, chain, make_change):
    first, second = make_change(title="A"), make_change(title="B")
    response = api(chain.po).post(f"/api/changes/{second.pk}/move/", {"position": 1}, format="json")
    assert [row["title"] for row in response.json()] == ["B", "A"]
    assert api(chain.architect).post(f"/api/changes/{first.pk}/move/", {"position": 1}).status_code == 403


def test_the_calendar_query_returns_scheduled_changes_with_collisions(api, chain, make_change, to_approval):
    scheduled = []
    for index in range(2):
        change = to_approval(make_change(title=f"Gepland {index}", start=WINDOW_START + timedelta(hours=index)), "low")
        change = services.change_approve(actor=chain.po, change=change, version=change.version)
        scheduled.append(services.change_schedule(actor=chain.po, change=change, version=change.version))
    waiting = make_change(title="Nog niet ingepland")

    response = api(chain.kpn_operator).get("/api/changes/calendar/", {"start": "2030-03-04", "end": "2030-03-04"})

    assert [row["title"] for row in response.json()] == ["Gepland 0", "Gepland 1"]
    assert set(response.json()[0]["collisions"]) == {scheduled[1].reference, waiting.reference}
    assert api(chain.po).get("/api/changes/calendar/", {"start": "2030-03-05", "end": "2030-03-04"}).status_code == 400


def test_the_schema_describes_the_actions(api, chain):
    schema = api(chain.po).get("/api/schema/", {"format": "json"}).json()
    for path in ("assess", "request-approval", "approve", "reject", "schedule", "roll-back", "review", "move"):
        assert f"/api/changes/{{id}}/{path}/" in schema["paths"]
    assert "/api/changes/calendar/" in schema["paths"]
