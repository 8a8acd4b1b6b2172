"""A database error under a request (connection lost, database unreachable, deadlock) answers 503 "try
again", in Dutch on pages and as JSON under /api/, on any database backend. The same against a real
PostgreSQL backend being killed: test_database.py."""

import pytest
from django.db import OperationalError

from incidents import views
from incidents.api import views as api_views


def _lose_the_connection(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def operator(demo_user, client):
    client.force_login(demo_user("kpn"))
    return client


def test_a_page_answers_503_in_dutch(operator, monkeypatch):
    monkeypatch.setattr(views.IncidentListView, "get_context_data", _lose_the_connection)
    response = operator.get("/incidents/?scope=mine")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Tijdelijk niet beschikbaar" in page
    assert "Probeer het over een paar seconden opnieuw." in page
    assert 'href="/incidents/?scope=mine"' in page


def test_the_api_answers_503_as_json(operator, monkeypatch):
    monkeypatch.setattr(api_views.IncidentViewSet, "get_queryset", _lose_the_connection)
    response = operator.get("/api/incidents/")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "De database is tijdelijk niet bereikbaar. Probeer het opnieuw.",
        "code": "database_unavailable",
    }


def test_other_errors_stay_server_errors(operator, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not the database")

    monkeypatch.setattr(views.IncidentListView, "get_context_data", broken)
    operator.raise_request_exception = False
    assert operator.get("/incidents/").status_code == 500
