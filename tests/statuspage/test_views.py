"""The public status page and its feed as anyone sees them: no log-in, Dutch by default, nothing personal or
internal, and cached without ever showing what was true before the last write."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents import services as incident_services
from incidents.models import IncidentUpdate
from parties.models import Component, Party
from tests.factories import ChangeFactory, IncidentFactory, scheduled
from tests.pages import page_html

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def outage(demo_chain, demo_user):
    """A P1 on the HSM component filed by the GGD, routed to JustID, with a note and a reply to the reporter."""
    incident = IncidentFactory(
        component=Component.objects.get(slug="hsm"),
        impact="high",
        urgency="high",
        title="Geheime titel: sleutel van productie verlopen",
        description="Interne toelichting met 06-12345678",
        assigned_to="justid",
        acknowledged=True,
    )
    for visibility, body in [("internal", "Interne notitie over de HSM"), ("public", "Beste Gerda, we kijken ernaar")]:
        incident_services.incident_reply(actor=demo_user("justid"), incident=incident, body=body, visibility=visibility)
    return incident


def test_anyone_sees_the_outage_in_dutch_by_default_and_in_english_on_request(client, outage):
    page = client.get(reverse("statuspage:status_page"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Er is een storing." in html
    assert "Beveiligde sleutels en certificaten" in html
    assert "Storing" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("statuspage:status_page")).content.decode()
    assert "There is an outage." in html
    assert "Outage" in html


def test_nothing_personal_or_internal_reaches_the_page_or_the_feed(client, outage, maintenance):
    hidden = [
        maintenance.title,
        maintenance.reference,
        maintenance.implementation_plan,
        "Karim",
        "Pinas",  # the KPN operator who requested it
        outage.title,
        outage.reference,
        outage.description,
        "Interne notitie over de HSM",
        "Beste Gerda",
        "Gerda",
        "de Groot",  # the reporter
        "IJsselmuiden",
        "Dekker",  # the JustID operator
        "HSM-implementatie en certificaten",  # the component's internal name
        *Party.objects.values_list("name", flat=True),
    ]
    assert IncidentUpdate.objects.filter(incident=outage).count() == 2
    for url in (reverse("statuspage:status_page"), reverse("statuspage:status_feed")):
        body = page_html(client.get(url))
        assert "Beveiligde sleutels en certificaten" in body
        assert "Servers en netwerk" in body
        assert [text for text in hidden if text in body] == [], url


@pytest.fixture
def maintenance(demo_chain):
    """A change on the backend infrastructure with an internal title, planned in two days."""
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    return scheduled(ChangeFactory(title="Geheime wijziging aan de HSM-cluster", proposed_start=start), "high")


def test_the_feed_is_atom_with_the_state_change_and_the_maintenance(client, outage, maintenance):
    response = client.get(reverse("statuspage:status_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - the portal's own response
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}
    # The maintenance is dated at the start of its window, so it comes first.
    assert list(entries) == ["Gepland onderhoud: Servers en netwerk", "Beveiligde sleutels en certificaten: Storing"]
    assert "niet te gebruiken" in entries["Gepland onderhoud: Servers en netwerk"].findtext(f"{ATOM}summary")
    link = entries["Beveiligde sleutels en certificaten: Storing"].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/status/#onderdeel-{outage.component_id}")


def test_a_cached_page_queries_nothing_and_a_write_shows_at_once(client, demo_chain, django_assert_num_queries):
    url = reverse("statuspage:status_page")
    assert "Alle onderdelen werken normaal." in client.get(url).content.decode()
    with django_assert_num_queries(0):
        client.get(url)
    IncidentFactory(component=Component.objects.get(slug="ios-app"), impact="high", urgency="medium")
    html = client.get(url).content.decode()
    assert "Een of meer onderdelen werken minder goed." in html
    assert "App op iPhone" in html


def test_without_a_cache_timeout_every_visit_reads_the_records_in_a_few_queries(client, demo_chain, settings):
    settings.STATUS_PAGE_CACHE_TIMEOUT = 0
    url = reverse("statuspage:status_page")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert 1 <= len(queries) <= 8


def test_components_are_grouped_by_their_service_the_product_first(client, demo_chain):
    from parties.models import Service

    groups = client.get(reverse("statuspage:status_page")).context["overview"].groups

    names = [group.name for group in groups]
    assert names[0] == "CoronaMelder"
    for group in groups:
        expected = {
            component.public_name
            for component in Component.objects.filter(is_active=True)
            if (component.service.public_name if component.service_id else "CoronaMelder") == group.name
        }
        assert {component.public_name for component in group.components} == expected
    assert len(names) == Service.objects.filter(components__is_active=True).distinct().count()
