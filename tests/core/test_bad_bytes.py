"""A NUL character or a deeply nested JSON body is bad input: 400 with a clear message and nothing changed,
never a server error (PostgreSQL refuses NUL in text; Python's JSON parser runs out of stack)."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from incidents import services
from incidents.models import Incident
from parties.models import Component, Party

NUL_MESSAGE = "Het verzoek bevat een ongeldig teken (NUL) en is niet verwerkt."
DEEP_MESSAGE = "De JSON is te diep genest."


@pytest.fixture
def api(demo_user):
    def client_for(username):
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(demo_user(username))
        return client

    return client_for


@pytest.fixture
def incident(demo_user):
    filed = services.incident_file(
        actor=demo_user("ggd"),
        title="Sleutels",
        component=Component.objects.get(slug="hsm"),
        impact="high",
        urgency="high",
    )
    return services.incident_assign(
        actor=demo_user("cibg"), incident=filed, party=Party.objects.get(slug="justid"), reason="HSM"
    )


def post_json(client, url, body: str):
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize(
    ("who", "action", "body"),
    [
        ("ggd", None, {"title": "Storing", "description": "x", "component": "hsm\x00", "impact": "low"}),
        ("cibg", "assign", {"party": "kpn\x00", "reason": "Hosting"}),
        ("justid", "hold", {"waiting_for": "party", "waiting_for_party": "kpn\x00", "reason": "Wacht op KPN"}),
    ],
)
def test_a_nul_byte_in_a_json_body_is_refused(api, incident, who, action, body):
    url = f"/api/incidents/{incident.reference}/{action}/" if action else "/api/incidents/"
    body = {"version": incident.version, **body} if action else body

    response = post_json(api(who), url, json.dumps(body))

    assert response.status_code == 400
    assert response.json()["detail"] == NUL_MESSAGE
    assert Incident.objects.count() == 1
    assert Incident.objects.get().version == incident.version


@pytest.mark.parametrize("depth", [40, 100_000])
def test_a_deeply_nested_json_body_is_refused(api, incident, depth):
    response = post_json(api("ggd"), "/api/incidents/", "[" * depth + "]" * depth)

    assert response.status_code == 400
    assert response.json()["detail"] == DEEP_MESSAGE


def test_ordinary_nesting_still_reaches_the_serializer(api, incident):
    response = post_json(api("ggd"), "/api/incidents/", json.dumps({"title": [[["a"]]]}))

    assert response.status_code == 400
    assert "component" in response.json()


@pytest.mark.parametrize(
    "query", [{"component": "hsm\x00"}, {"assigned_party": "kpn\x00"}, {"status\x00": "new"}, {"q": "\x00"}]
)
def test_a_nul_byte_in_a_query_string_is_refused_on_pages_and_the_api(client, api, demo_user, incident, query):
    client.force_login(demo_user("cibg"))
    client.raise_request_exception = False

    page = client.get(reverse("incidents:incident_list"), query)
    listing = api("cibg").get("/api/incidents/", query)

    assert page.status_code == 400
    assert NUL_MESSAGE in page.content.decode()
    assert listing.status_code == 400
    assert listing.json()["detail"] == NUL_MESSAGE


def test_a_nul_byte_in_a_form_field_is_refused_and_changes_nothing(client, demo_user, incident):
    client.force_login(demo_user("cibg"))
    client.raise_request_exception = False
    url = reverse("incidents:incident_action", args=[incident.reference, "assign"])

    response = client.post(url, {"assign-party": "kpn\x00", "assign-version": incident.version, "assign-reason": "x"})

    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert Incident.objects.get().assigned_party.slug == "justid"
