"""Major incidents on the public status page: an outage of their components while declared, in the history too,
and their updates to the public, in public words only, on the page and in the feed."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from majorincidents import services
from majorincidents.models import Audience, MajorIncidentUpdate
from parties.models import Component
from statuspage.selectors import State, status_overview
from tests.factories import IncidentFactory
from tests.pages import page_html
from tests.timetravel import local

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_TEXT = "We werken aan herstel van het inloggen."
INTERNAL_TEXT = "Database bij KPN vol; Karim ruimt op"


def component_status(overview, slug):
    pk = Component.objects.get(slug=slug).pk
    return next(component for group in overview.groups for component in group.components if component.pk == pk)


@pytest.fixture
def major(demo_chain, demo_user, at):
    """`major(impact)`: a report on the backend (urgency low, so its priority alone changes no public state),
    declared major on 2 March 2026 at 10:00, with a report on the GGD portal linked to it."""

    def declare(impact="high"):
        backend, portal = Component.objects.get(slug="backend"), Component.objects.get(slug="ggd-portaal")
        with at(2026, 3, 2, 9, 0):
            incident = IncidentFactory(
                component=backend, impact=impact, urgency="low", title="Geheim: inloggen faalt bij de GGD"
            )
            report = IncidentFactory(component=portal, impact="low", urgency="low")
        assert incident.priority in ("P3", "P4")
        with at(2026, 3, 2, 10, 0):
            major = services.major_declare(
                actor=demo_user("cibg"),
                incident=incident,
                coordinator=demo_user("cibg"),
                public_title="Inloggen op het GGD-portaal lukt niet",
                reason="Interne reden: vijf GGD's bellen",
            )
            services.major_link_report(actor=demo_user("cibg"), major=major, report=report, reason="Zelfde storing")
        return major

    return declare


def post(major, demo_user, audiences, public_text="", internal_text=""):
    return services.major_post_update(
        actor=demo_user("cibg"),
        major=major,
        kind=MajorIncidentUpdate.Kind.AD_HOC,
        audiences=audiences,
        public_text=public_text,
        internal_text=internal_text,
    )


def test_a_declared_major_incident_is_an_outage_of_its_components_until_it_is_stood_down(major, demo_user, at):
    declared = major()
    with at(2026, 3, 2, 9, 30):
        assert component_status(status_overview(), "backend").state == State.OPERATIONAL
    with at(2026, 3, 2, 12, 0):
        overview = status_overview()
    for slug in ("backend", "ggd-portaal"):
        status = component_status(overview, slug)
        assert (status.state, status.since) == (State.OUTAGE, declared.declared_at)
    assert component_status(overview, "ios-app").state == State.OPERATIONAL
    with at(2026, 3, 2, 15, 0):
        services.major_stand_down(actor=demo_user("cibg"), major=declared, reason="Voorbij")
    with at(2026, 3, 10, 12, 0):
        overview = status_overview()
    backend = component_status(overview, "backend")
    assert backend.state == State.OPERATIONAL
    assert [(cell.day, cell.state) for cell in backend.disrupted_days] == [(date(2026, 3, 2), State.OUTAGE)]
    assert [(change.state, change.at) for change in overview.changes if change.public_name.startswith("De achter")] == [
        (State.OPERATIONAL, local(2026, 3, 2, 15, 0)),
        (State.OUTAGE, local(2026, 3, 2, 10, 0)),
    ]


def test_a_major_incident_behind_an_incident_of_less_than_high_impact_makes_its_components_work_less_well(major, at):
    major(impact="medium")
    with at(2026, 3, 2, 12, 0):
        overview = status_overview()
    assert component_status(overview, "backend").state == State.DEGRADED
    assert component_status(overview, "ggd-portaal").state == State.DEGRADED


def test_only_updates_to_the_public_show_and_only_their_public_text(major, demo_user, at):
    declared = major()
    with at(2026, 3, 2, 10, 30):
        post(declared, demo_user, [Audience.PUBLIC, Audience.OPERATORS], PUBLIC_TEXT, INTERNAL_TEXT)
        post(declared, demo_user, [Audience.REPORTERS], "Alleen voor de melders")
        post(declared, demo_user, [Audience.OPERATORS], internal_text="Alleen voor de keten")
    with at(2026, 3, 2, 11, 0):
        [shown] = status_overview().major_incidents
    assert shown.title == "Inloggen op het GGD-portaal lukt niet"
    assert shown.is_current
    assert shown.components == ("De achterkant van de app (servers)", "GGD-portaal")
    assert [update.text for update in shown.updates] == [PUBLIC_TEXT]


def test_the_page_and_the_feed_show_a_public_update_at_once_and_nothing_internal(client, major, demo_user):
    declared = major()
    url, feed_url = reverse("statuspage:status_page"), reverse("statuspage:status_feed")
    html = page_html(client.get(url))  # cached from here on
    assert "Inloggen op het GGD-portaal lukt niet" in html
    assert PUBLIC_TEXT not in html
    post(declared, demo_user, [Audience.PUBLIC, Audience.BUSINESS_OWNER], PUBLIC_TEXT, INTERNAL_TEXT)
    post(declared, demo_user, [Audience.PUBLIC], "Tweede bericht: het werkt weer voor de meeste GGD's.")
    hidden = [
        INTERNAL_TEXT,
        "Karim",
        "Geheim: inloggen faalt",
        declared.incident.reference,
        "Interne reden",
        "Chantal",
        "Bakker",
        "KPN",
    ]
    html = page_html(client.get(url))
    assert PUBLIC_TEXT in html
    assert [text for text in hidden if text in html] == []
    body = client.get(feed_url).content.decode()
    assert [text for text in hidden if text in body] == []
    feed = ET.fromstring(body)  # noqa: S314 - the portal's own response
    entries = [
        (entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary"), entry.find(f"{ATOM}link").get("href"))
        for entry in feed.iter(f"{ATOM}entry")
        if entry.findtext(f"{ATOM}title").startswith("Storing: ")
    ]
    anchor = f"http://testserver/status/#storing-{int(declared.declared_at.timestamp())}"
    assert entries == [
        (
            "Storing: Inloggen op het GGD-portaal lukt niet",
            "Tweede bericht: het werkt weer voor de meeste GGD's.",
            anchor,
        ),
        ("Storing: Inloggen op het GGD-portaal lukt niet", PUBLIC_TEXT, anchor),
    ]


def test_a_stood_down_major_incident_shows_as_over_for_a_week(major, demo_user, at):
    declared = major()
    with at(2026, 3, 2, 15, 0):
        services.major_stand_down(actor=demo_user("cibg"), major=declared, reason="Voorbij")
    with at(2026, 3, 8, 12, 0):
        [shown] = status_overview().major_incidents
    assert not shown.is_current
    assert shown.stood_down_at == local(2026, 3, 2, 15, 0)
    with at(2026, 3, 10, 12, 0):
        assert status_overview().major_incidents == ()


def test_the_major_incident_section_speaks_english_on_request(client, major, demo_user, settings):
    post(major(), demo_user, [Audience.PUBLIC], PUBLIC_TEXT)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("statuspage:status_page")).content.decode()
    assert "Major incidents" in html
    assert "Grote storingen" not in html
    assert PUBLIC_TEXT in html  # the text as written
    feed = client.get(reverse("statuspage:status_feed")).content.decode()
    assert "Outage: Inloggen op het GGD-portaal lukt niet" in feed
