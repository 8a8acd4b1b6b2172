"""Error pages are the portal's own (layout, navigation, the user's language), with DEBUG off as in
production; the 500 page comes out even when the database is down."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from core import error_pages
from parties import access


@pytest.fixture
def operator(demo_user, client):
    client.force_login(demo_user("kpn"))
    return client


def _in_english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_404_is_the_portals_page_with_navigation_in_dutch(operator):
    response = operator.get("/incidents/INC-1999-000001/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page
    assert "Controleer het adres of het kenmerk" in page
    assert 'aria-label="Hoofdmenu"' in page
    assert "Not Found" not in page


def test_404_in_english_for_an_english_user(operator):
    response = _in_english(operator).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_403_says_why_and_what_to_do(demo_user, client):
    client.force_login(demo_user("vws"))
    response = client.get("/incidents/new/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "U mag dit niet doen" in page
    assert "U kunt geen incidenten melden." in page
    assert "Vraag de beheerder van uw organisatie" in page
    assert "403 Forbidden" not in page


def test_csrf_failure_is_explained(demo_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_user("kpn"))
    response = client.post("/incidents/new/", {"title": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier is verlopen" in page
    assert "laad de pagina opnieuw" in page
    assert 'aria-label="Hoofdmenu"' in page


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"


def test_400_is_the_portals_page(operator, failing_urls):
    response = operator.get("/test-suspicious/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit verzoek klopt niet" in page
    assert 'aria-label="Hoofdmenu"' in page


def test_500_is_the_portals_page_in_the_users_language(operator, failing_urls):
    operator.raise_request_exception = False
    response = _in_english(operator).get("/test-broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert 'href="/"' in page
    assert "Server Error (500)" not in page


def test_500_renders_without_the_database(rf: RequestFactory, monkeypatch, django_assert_num_queries, db):
    """The page reads nothing of the user: with every database read failing it still comes out."""

    def database_down(*args, **kwargs):
        raise OperationalError("the database is gone")

    monkeypatch.setattr(access, "principal_for", database_down)
    request = rf.get("/incidents/")
    request.user = type("Unreadable", (), {"__getattr__": database_down})()
    with django_assert_num_queries(0):
        response = error_pages.server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
