"""The API's long lists (incidents, changes) page with a cursor: every row once, however the table grows while
a client walks it, and no page counts the table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.pagination import KeysetPagination
from tests.factories import WINDOW_START, ChangeFactory

BASE = "/api/incidents/"


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 4)


@pytest.fixture
def api(demo_user):
    def client_for(username):
        client = APIClient()
        client.force_authenticate(demo_user(username))
        return client

    return client_for


def walk(client, url, query, between_pages=lambda number: None) -> list[str]:
    """Every reference the client reads following `next` from the first page, calling `between_pages` before it
    follows a link."""
    seen, page = [], client.get(url, query).json()
    while True:
        assert "count" not in page
        seen += [row["reference"] for row in page["results"]]
        if page["next"] is None:
            return seen
        between_pages(len(seen))
        page = client.get(page["next"]).json()


@pytest.mark.usefixtures("small_pages")
def test_newest_first_every_incident_once_while_new_ones_come_in(api, file_incident, at):
    existing = []
    for minute in range(10):
        with at(2026, 3, 2, 8, minute):
            existing.append(file_incident(title=f"Storing {minute}").reference)
    arrivals = iter(range(10, 30))

    def file_one_more(_seen):
        with at(2026, 3, 2, 8, next(arrivals)):
            file_incident(title="Nieuwe storing")

    seen = walk(api("cibg"), BASE, {}, file_one_more)

    assert seen == list(reversed(existing))  # the ones filed meanwhile are newer: they sit before the first page


@pytest.mark.usefixtures("small_pages")
def test_oldest_first_every_incident_once_the_new_ones_at_the_end(api, file_incident, at):
    filed = []
    for minute in range(7):
        with at(2026, 3, 2, 8, minute):
            filed.append(file_incident(title=f"Storing {minute}").reference)
    arrivals = iter(range(10, 30))

    def file_one_more(_seen):
        with at(2026, 3, 2, 8, next(arrivals)):
            filed.append(file_incident(title="Nieuwe storing").reference)

    seen = walk(api("cibg"), BASE, {"ordering": "reported_at"}, file_one_more)

    assert seen == filed  # each filed meanwhile is newer than any before it: read once, at the end
    assert len(filed) > 7


@pytest.mark.usefixtures("small_pages")
def test_filters_hold_on_every_page(api, file_incident, at):
    for minute in range(6):
        with at(2026, 3, 2, 8, minute):
            file_incident(component_slug="ggd-portaal", title=f"Portaal {minute}")
            file_incident(component_slug="hsm", title=f"Sleutel {minute}")

    seen = walk(api("cibg"), BASE, {"component": "ggd-portaal"})

    assert len(seen) == len(set(seen)) == 6
    assert {
        row["component"]["slug"] for row in api("cibg").get(BASE, {"component": "ggd-portaal"}).json()["results"]
    } == {"ggd-portaal"}


def incident_counts(queries) -> list[str]:
    return [
        query["sql"] for query in queries if "COUNT(" in query["sql"].upper() and "incidents_incident" in query["sql"]
    ]


def test_a_page_of_incidents_does_not_count_them(api, file_incident):
    for number in range(3):
        file_incident(title=f"Storing {number}")
    client = api("cibg")
    with CaptureQueriesContext(connection) as captured:
        first = client.get(BASE, {"open": "true"})
    assert first.status_code == 200
    assert len(first.json()["results"]) == 3
    assert incident_counts(captured.captured_queries) == []


def test_a_bad_cursor_is_refused_clearly(api):
    response = api("cibg").get(BASE, {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    assert response.json()


@pytest.mark.usefixtures("small_pages")
def test_changes_page_once_each_and_uncounted(api, demo_user):
    made = [
        ChangeFactory(title=f"Patch {n}", proposed_start=WINDOW_START + timedelta(days=n)).reference for n in range(6)
    ]
    client = api("cibg")

    def request_one_more(_seen):
        made.append(ChangeFactory(title="Nog een patch").reference)

    newest_first = walk(client, "/api/changes/", {}, request_one_more)
    assert newest_first == list(reversed(made[:6]))
    by_reference = walk(client, "/api/changes/", {"ordering": "reference"})
    assert by_reference == sorted(made)
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/changes/")
    assert [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"].upper()] == []
    assert client.get("/api/changes/", {"ordering": "rank"}).status_code == 400
