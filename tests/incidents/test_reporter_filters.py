"""The reporter's side cannot read how its incidents stand against the norms through list filters or
ordering: on the page and over the API, every clock, breach, acknowledgement and due parameter is ignored."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from incidents import services

LIST_URL = reverse("incidents:incident_list")
API_URL = "/api/incidents/"
SLA_QUERIES = [
    {"breached_from": "2026-03-23T10:00"},
    {"breached_before": "2026-03-23T12:00"},
    {"breach_party": "kpn"},
    {"breach_agreement": "UC-CIBG-KPN"},
    {"breach_target": "resolution"},
    {"breach_state": "breached"},
    {"clock_party": "kpn"},
    {"clock_agreement": "UC-CIBG-KPN"},
    {"clock_started_from": "2026-03-23T10:30"},
    {"clock_started_before": "2026-03-23T10:30"},
    {"acknowledged_from": "2026-03-23T00:00"},
    {"acknowledged_before": "2026-03-24T00:00"},
    {"ordering": "due_at"},
    {"ordering": "-due_at"},
    {"ordering": "due_at,-reported_at"},
]


@pytest.fixture
def breached_and_quiet(demo_user, at, file_incident, route):
    """A P1 at KPN, acknowledged and resolved too late (breached); a later P4 at JustID, untouched."""
    with at(2026, 3, 23, 10, 0):
        breached = route(file_incident(impact="high", urgency="high", title="Sleutels"), "kpn")
        services.incident_acknowledge(actor=demo_user("kpn"), incident=breached)
    with at(2026, 3, 23, 11, 0):
        quiet = route(file_incident(impact="low", urgency="low", title="Certificaat"), "justid")
    with at(2026, 3, 23, 15, 0):
        services.incident_resolve(
            actor=demo_user("kpn"), incident=breached, resolution_code="fixed", resolution="Vervangen"
        )
    return breached, quiet


def page_rows(client, query):
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    return [incident.reference for incident in response.context["page"]]


def api_rows(client, query):
    response = client.get(API_URL, query)
    assert response.status_code == 200
    return [row["reference"] for row in response.json()["results"]]


@pytest.mark.parametrize("query", SLA_QUERIES)
def test_the_reporter_side_gets_the_same_list_whatever_norm_filter_it_sends(
    client, demo_user, breached_and_quiet, query
):
    client.force_login(demo_user("ggd"))
    api = APIClient()
    api.force_authenticate(demo_user("ggd"))

    assert page_rows(client, query) == page_rows(client, {})
    assert api_rows(api, query) == api_rows(api, {})


def test_the_chain_still_filters_on_breaches_acknowledgements_and_due_time(client, demo_user, breached_and_quiet):
    breached, quiet = breached_and_quiet
    client.force_login(demo_user("cibg"))
    api = APIClient()
    api.force_authenticate(demo_user("cibg"))

    for rows in (page_rows, lambda c, q: api_rows(api, q)):
        assert rows(client, {"scope": "all", "breached_from": "2026-03-23T00:00"}) == [breached.reference]
        assert rows(client, {"scope": "all", "acknowledged_from": "2026-03-23T00:00"}) == [breached.reference]
    assert page_rows(client, {"scope": "all", "ordering": "-due_at", "open": "true"}) == [quiet.reference]
    # The API pages with a cursor, which a due time (null for many incidents) cannot carry.
    assert api.get(API_URL, {"ordering": "-due_at", "open": "true"}).status_code == 400


def test_the_reporter_side_is_not_offered_norm_filters_or_due_ordering(client, demo_user, breached_and_quiet):
    client.force_login(demo_user("ggd"))
    page = client.get(LIST_URL, {"breached_from": "2026-03-23T00:00"}).content.decode()

    assert 'name="breached_from"' not in page
    assert 'value="due_at"' not in page
    assert "Norm overschreden" not in page
