"""The "Wat wacht op mij" home page for the dispatcher, an operator party and the reporter: each sees the incidents
waiting for them and not those waiting for others, and each section's list page shows exactly its records."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from incidents import services
from incidents.models import Incident
from parties.models import Party
from tests.factories import IncidentFactory
from tests.pages import page_html


def as_user(demo_user, username: str) -> Client:
    client = Client()
    client.force_login(demo_user(username))
    return client


def home(demo_user, username: str):
    response = as_user(demo_user, username).get(reverse("home"))
    assert response.status_code == 200
    return response


def waiting(response) -> dict[str, list[str]]:
    """Section key → the references it lists."""
    sections = response.context["sections"]
    return {shown.section.key: [record.reference for record in shown.content.items] for shown in sections}


def listed(demo_user, username: str, key: str) -> list[str]:
    response = as_user(demo_user, username).get(reverse("incidents:incident_list"), {"waiting": key})
    assert response.status_code == 200
    return sorted(incident.reference for incident in response.context["page"].object_list)


def test_the_dispatcher_sees_new_incidents_and_operators_do_not(demo_user):
    new = IncidentFactory(title="Inloggen lukt niet")
    assigned = IncidentFactory(assigned_to="kpn")

    for dispatcher in ("cibg", "po"):
        sections = waiting(home(demo_user, dispatcher))
        assert sections["new"] == [new.reference], dispatcher
    kpn = waiting(home(demo_user, "kpn"))
    assert "new" not in kpn
    assert kpn["to_acknowledge"] == [assigned.reference]
    assert waiting(home(demo_user, "dictu"))["to_acknowledge"] == []


def test_open_p1s_warnings_and_reopenings_wait_for_the_dispatcher(demo_user):
    major = IncidentFactory(impact="high", urgency="high", assigned_to="kpn")
    IncidentFactory(impact="low", urgency="low", assigned_to="kpn")
    resolved = IncidentFactory(assigned_to="kpn", acknowledged=True)
    resolved = services.incident_resolve(
        actor=demo_user("kpn"), incident=resolved, resolution_code="fixed", resolution="Hersteld"
    )
    reopened = services.incident_reopen(actor=demo_user("ggd"), incident=resolved, reason="Werkt nog steeds niet")
    warned = IncidentFactory(assigned_to="dictu")
    Incident.objects.filter(pk=warned.pk).update(breach_state="warning")  # what the clock check writes at 75%

    sections = waiting(home(demo_user, "cibg"))
    assert sections["major"] == [major.reference]
    assert sections["reopened"] == [reopened.reference]
    assert sections["warning"] == [warned.reference]
    # The party that holds a reopened incident takes it in hand again.
    assert reopened.reference in waiting(home(demo_user, "kpn"))["to_acknowledge"]
    assert waiting(home(demo_user, "dictu"))["party_at_risk"] == [warned.reference]


def test_an_incident_on_hold_for_a_party_waits_for_that_party(demo_user):
    incident = IncidentFactory(assigned_to="kpn", acknowledged=True)
    services.incident_hold(
        actor=demo_user("kpn"),
        incident=incident,
        waiting_for="party",
        waiting_for_party=Party.objects.get(slug="justid"),
        reason="Nieuw certificaat nodig",
    )

    assert waiting(home(demo_user, "justid"))["held_for_party"] == [incident.reference]
    assert waiting(home(demo_user, "dictu"))["held_for_party"] == []


def test_the_reporter_sees_her_question_first_and_when_a_resolution_closes_by_itself(demo_user, at):
    with at(2026, 3, 2, 10, 0):  # a Monday
        asked = IncidentFactory(title="App crasht", assigned_to="kpn", acknowledged=True)
        services.incident_hold(
            actor=demo_user("kpn"),
            incident=asked,
            waiting_for="reporter",
            reason="Welke versie van de app gebruikt u?",
        )
        solved = IncidentFactory(title="Certificaat verlopen", assigned_to="kpn", acknowledged=True)
        services.incident_resolve(
            actor=demo_user("kpn"), incident=solved, resolution_code="fixed", resolution="Certificaat vernieuwd"
        )
        IncidentFactory(title="Iemand anders", actor="cibg")  # filed by the chain, not by her
    with at(2026, 3, 3, 12, 0):
        response = home(demo_user, "ggd")

    sections = waiting(response)
    assert next(iter(sections)) == "questions"
    assert sections["questions"] == [asked.reference]
    assert sections["to_confirm"] == [solved.reference]
    assert sorted(sections["my_open"]) == sorted([asked.reference])
    html = response.content.decode()
    assert re.search(r'class="inbox-section inbox-section--highlight" id="waiting-questions"', html)
    question = html[html.index('id="waiting-questions"') :]
    assert "Welke versie van de app gebruikt u?" in question
    assert re.search(r"Wacht al 1\xa0dag", question)
    # Five office days after Monday 10:00 (SLA calendar: weekdays 08:00–17:00 or so): the next Monday.
    assert "Sluit vanzelf op maandag 9 maart" in html


def test_the_reporters_page_names_no_party_person_or_clock(demo_user):
    asked = IncidentFactory(assigned_to="kpn", acknowledged=True)
    services.incident_hold(actor=demo_user("kpn"), incident=asked, waiting_for="reporter", reason="Welke versie?")
    IncidentFactory(impact="high", urgency="high", assigned_to="dictu")

    html = page_html(home(demo_user, "ggd"))

    for name in ("KPN", "DICTU", "CIBG", "Karim", "Pinas", "Chantal", "oplossen vóór", "SLA"):
        assert name not in html, name


@pytest.mark.parametrize(
    ("username", "key"),
    [
        ("cibg", "new"),
        ("cibg", "major"),
        ("cibg", "reopened"),
        ("kpn", "to_acknowledge"),
        ("justid", "held_for_party"),
        ("ggd", "questions"),
        ("ggd", "my_open"),
    ],
)
def test_the_filtered_list_shows_exactly_the_records_of_the_section(demo_user, username, key):
    IncidentFactory(impact="high", urgency="high")
    IncidentFactory(assigned_to="kpn")
    IncidentFactory(impact="high", urgency="high", assigned_to="kpn", acknowledged=True)
    held = IncidentFactory(assigned_to="kpn", acknowledged=True)
    services.incident_hold(
        actor=demo_user("kpn"),
        incident=held,
        waiting_for="party",
        waiting_for_party=Party.objects.get(slug="justid"),
        reason="Wacht op JustID",
    )
    asked = IncidentFactory(assigned_to="dictu", acknowledged=True)
    services.incident_hold(actor=demo_user("dictu"), incident=asked, waiting_for="reporter", reason="Welke versie?")
    resolved = IncidentFactory(assigned_to="dictu", acknowledged=True)
    resolved = services.incident_resolve(
        actor=demo_user("dictu"), incident=resolved, resolution_code="fixed", resolution="Hersteld"
    )
    services.incident_reopen(actor=demo_user("ggd"), incident=resolved, reason="Werkt nog steeds niet")

    response = home(demo_user, username)
    shown = next(item for item in response.context["sections"] if item.section.key == key)
    assert shown.content.count == len(shown.content.items) > 0
    assert listed(demo_user, username, key) == sorted(record.reference for record in shown.content.items)
    assert f'href="/incidents/?waiting={key}"' in response.content.decode()


def test_the_api_filters_on_a_section_too_and_refuses_an_unknown_one(demo_user):
    new = IncidentFactory()
    IncidentFactory(assigned_to="kpn")
    client = as_user(demo_user, "cibg")

    found = client.get("/api/incidents/", {"waiting": "new"}).json()
    assert [row["reference"] for row in found["results"]] == [new.reference]
    refused = client.get("/api/incidents/", {"waiting": "nonsense"})
    assert refused.status_code == 400
    assert "waiting" in refused.json()


def test_an_unknown_section_on_the_list_page_is_ignored_with_a_message(demo_user):
    IncidentFactory()
    response = as_user(demo_user, "cibg").get(reverse("incidents:incident_list"), {"waiting": "<script>"})

    assert response.status_code == 200
    assert "Een of meer filters zijn ongeldig en zijn genegeerd." in response.content.decode()
    assert response.context["page"].paginator.count == 1


def test_a_section_that_is_not_the_users_filters_to_nothing(demo_user):
    """A reporter may not learn which of her incidents are at warning by asking for the dispatcher's section."""
    warned = IncidentFactory(assigned_to="kpn")
    Incident.objects.filter(pk=warned.pk).update(breach_state="warning")

    assert listed(demo_user, "cibg", "warning") == [warned.reference]
    assert listed(demo_user, "ggd", "warning") == []
    assert listed(demo_user, "ggd", "my_open") == [warned.reference]
    found = as_user(demo_user, "ggd").get("/api/incidents/", {"waiting": "party_at_risk"}).json()
    assert found["results"] == []
