"""The publishable monthly summary of a hand-built March 2026 (office hours Mon–Fri 08:00–17:00;
P1 counts in 24×7). Chain SLA targets: P1 15 / 240, P2 60 / 960, P3 240 / 2700 minutes.

- P3 filed Thu 26 Feb 09:00 (February), taken in hand 09:30 (response 30: met), resolved Mon 2 Mar
  10:00: Thu 480 + Fri 540 + Mon 120 = 1140 min, met. Counted as resolved and measured in March.
- P2 filed Mon 2 Mar 09:00, taken in hand 09:50 (50: met), resolved 15:00 (360: met).
- P2 filed Tue 3 Mar 09:00, taken in hand 10:30 (90 > 60: response breached), resolved Wed 4 Mar
  12:00 (Tue 480 + Wed 240 = 720: met). KPN's own UC response breach (80 > 45) is not a chain breach.
- P1 filed Fri 6 Mar 10:00, taken in hand 10:10 (10: met), on hold for the reporter 11:00–12:00,
  resolved 15:30: 330 − 60 = 270 > 240, resolution breached.
- P4 filed Tue 10 Mar 10:00, cancelled as a duplicate at 11:00: opened, not measured.
- P4 filed Tue 31 Mar 16:00, still open.

Changes: a normal change submitted 26 Feb and cancelled 2 Mar; a normal change submitted 3 Mar and
rejected at triage 4 Mar; an emergency change submitted, approved, scheduled, started and completed in March.
"""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from changes import services as change_services
from changes.models import ChangeType
from governance.monthly_summary import Month, monthly_summary
from incidents import services
from incidents.models import Incident
from parties.models import Component, Party
from tests.spreadsheets import read_rows
from tests.timetravel import local

pytestmark = pytest.mark.django_db


def file(demo_user, impact, urgency, title):
    return services.incident_file(
        actor=demo_user("ggd"),
        title=title,
        description="Vrije tekst van de melder",
        component=Component.objects.get(slug="hsm"),
        impact=impact,
        urgency=urgency,
    )


def route_and_take(demo_user, at, incident, party, routed, taken):
    with at(*routed):
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug=party), reason="Routering"
        )
    with at(*taken):
        services.incident_acknowledge(actor=demo_user(party), incident=incident)


def resolve(demo_user, at, incident, party, when):
    with at(*when):
        services.incident_resolve(
            actor=demo_user(party), incident=incident, resolution_code="fixed", resolution="Hersteld bij de bron"
        )


def request_change(demo_user, at, title, change_type, when):
    with at(*when):
        return change_services.change_create(
            actor=demo_user("kpn"),
            requesting_party=Party.objects.get(slug="kpn"),
            components=[Component.objects.get(slug="infrastructuur")],
            submit=True,
            title=title,
            motivation="Vrije tekst",
            change_type=change_type,
            implementation_plan="Plan",
            rollback_plan="Terug",
            test_evidence="Getest op acceptatie",
            proposed_start=local(*when) + timedelta(days=1),
            proposed_end=local(*when) + timedelta(days=1, hours=2),
        )


@pytest.fixture
def march(demo_user, at):
    with at(2026, 2, 26, 9, 0):
        p3 = file(demo_user, "medium", "medium", "Geheime titel P3")
    route_and_take(demo_user, at, p3, "justid", (2026, 2, 26, 9, 5), (2026, 2, 26, 9, 30))
    resolve(demo_user, at, p3, "justid", (2026, 3, 2, 10, 0))

    with at(2026, 3, 2, 9, 0):
        first_p2 = file(demo_user, "high", "medium", "Geheime titel P2a")
    route_and_take(demo_user, at, first_p2, "justid", (2026, 3, 2, 9, 30), (2026, 3, 2, 9, 50))
    resolve(demo_user, at, first_p2, "justid", (2026, 3, 2, 15, 0))

    with at(2026, 3, 3, 9, 0):
        second_p2 = file(demo_user, "high", "medium", "Geheime titel P2b")
    route_and_take(demo_user, at, second_p2, "kpn", (2026, 3, 3, 9, 10), (2026, 3, 3, 10, 30))
    resolve(demo_user, at, second_p2, "kpn", (2026, 3, 4, 12, 0))

    with at(2026, 3, 6, 10, 0):
        p1 = file(demo_user, "high", "high", "Geheime titel P1")
    route_and_take(demo_user, at, p1, "justid", (2026, 3, 6, 10, 5), (2026, 3, 6, 10, 10))
    with at(2026, 3, 6, 11, 0):
        services.incident_hold(actor=demo_user("justid"), incident=p1, waiting_for="reporter", reason="Welke GGD?")
    with at(2026, 3, 6, 12, 0):
        services.incident_reply(actor=demo_user("ggd"), incident=p1, body="GGD Hollands Midden")
    resolve(demo_user, at, p1, "justid", (2026, 3, 6, 15, 30))

    with at(2026, 3, 10, 10, 0):
        duplicate = file(demo_user, "low", "low", "Geheime titel P4a")
    with at(2026, 3, 10, 11, 0):
        services.incident_cancel_duplicate(actor=demo_user("cibg"), incident=duplicate, duplicate_of=first_p2)
    with at(2026, 3, 31, 16, 0):
        file(demo_user, "low", "low", "Geheime titel P4b")

    cancelled = request_change(demo_user, at, "Geheime wijziging 1", ChangeType.NORMAL, (2026, 2, 26, 10, 0))
    with at(2026, 3, 2, 10, 0):
        change_services.change_transition(
            actor=demo_user("kpn"), change=cancelled, name="cancel", version=cancelled.version, reason="Niet nodig"
        )
    rejected = request_change(demo_user, at, "Geheime wijziging 2", ChangeType.NORMAL, (2026, 3, 3, 10, 0))
    with at(2026, 3, 4, 10, 0):
        change_services.change_reject(
            actor=demo_user("po"), change=rejected, version=rejected.version, comment="Past niet in de planning"
        )
    emergency = request_change(demo_user, at, "Geheime wijziging 3", ChangeType.EMERGENCY, (2026, 3, 5, 10, 0))
    with at(2026, 3, 5, 10, 10):
        emergency = change_services.change_request_approval(
            actor=demo_user("po"), change=emergency, version=emergency.version
        )
        emergency = change_services.change_approve(actor=demo_user("po"), change=emergency, version=emergency.version)
        emergency = change_services.change_schedule(actor=demo_user("po"), change=emergency, version=emergency.version)
    with at(2026, 3, 6, 10, 0):
        emergency = change_services.change_transition(
            actor=demo_user("kpn"), change=emergency, name="start", version=emergency.version
        )
    with at(2026, 3, 6, 11, 0):
        change_services.change_transition(
            actor=demo_user("kpn"), change=emergency, name="complete", version=emergency.version
        )
    return Month(2026, 3)


def test_the_month_is_counted_per_priority(march):
    rows = {row["priority"]: row for row in monthly_summary(march)["incidents"]}
    assert rows["P1"] == {
        "priority": "P1",
        "opened": 1,
        "resolved": 1,
        "measured": 1,
        "response_met": 1,
        "response_met_percent": 100.0,
        "resolution_met": 0,
        "resolution_met_percent": 0.0,
        "median_resolution_minutes": 270.0,
        "breaches": 1,
    }
    assert rows["P2"] == {
        "priority": "P2",
        "opened": 2,
        "resolved": 2,
        "measured": 2,
        "response_met": 1,
        "response_met_percent": 50.0,
        "resolution_met": 2,
        "resolution_met_percent": 100.0,
        "median_resolution_minutes": 540.0,  # median of 360 and 720
        "breaches": 1,
    }
    assert rows["P3"] == {
        "priority": "P3",
        "opened": 0,
        "resolved": 1,
        "measured": 1,
        "response_met": 1,
        "response_met_percent": 100.0,
        "resolution_met": 1,
        "resolution_met_percent": 100.0,
        "median_resolution_minutes": 1140.0,
        "breaches": 0,
    }
    assert rows["P4"] == {
        "priority": "P4",
        "opened": 2,
        "resolved": 0,
        "measured": 0,
        "response_met": 0,
        "response_met_percent": None,
        "resolution_met": 0,
        "resolution_met_percent": None,
        "median_resolution_minutes": None,
        "breaches": 0,
    }


def test_changes_are_counted_by_type_and_outcome(march):
    rows = {row.pop("change_type"): row for row in monthly_summary(march)["changes"]}
    none = dict.fromkeys(["submitted", "approved", "rejected", "completed", "failed", "cancelled"], 0)
    assert rows["standard"] == none
    assert rows["normal"] == none | {"submitted": 1, "rejected": 1, "cancelled": 1}
    assert rows["emergency"] == none | {"submitted": 1, "approved": 1, "completed": 1}
    assert rows["total"] == none | {"submitted": 2, "approved": 1, "rejected": 1, "completed": 1, "cancelled": 1}
    february = {row.pop("change_type"): row for row in monthly_summary(Month(2026, 2))["changes"]}
    assert february["normal"] == none | {"submitted": 1}


def test_february_and_an_empty_month(march):
    february = {row["priority"]: row for row in monthly_summary(Month(2026, 2))["incidents"]}
    assert (february["P3"]["opened"], february["P3"]["resolved"], february["P3"]["measured"]) == (1, 0, 0)
    empty = monthly_summary(Month(2025, 6))
    assert all(row["opened"] == row["measured"] == row["breaches"] == 0 for row in empty["incidents"])
    assert all(count == 0 for row in empty["changes"] for key, count in row.items() if key != "change_type")


def exports(client, month):
    url = reverse("monthly:monthly_summary", kwargs={"month": month})
    page = client.get(url)
    as_csv = client.get(url + "?format=csv")
    as_json = client.get(url + "?format=json")
    assert (page.status_code, as_csv.status_code, as_json.status_code) == (200, 200, 200)
    return page.content.decode(), as_csv, as_json


def test_every_logged_in_user_reads_the_same_figures_without_personal_data(client, demo_user, march):
    client.force_login(demo_user("ggd"))
    page, as_csv, as_json = exports(client, "2026-03")
    assert as_csv["Content-Disposition"] == 'attachment; filename="maandcijfers-2026-03.csv"'
    assert as_json["Content-Disposition"] == 'attachment; filename="maandcijfers-2026-03.json"'
    lines = read_rows(as_csv.content)
    assert lines[0] == ["maand", "rubriek", "groep", "maat", "waarde"]
    assert ["2026-03", "incidents", "P2", "median_resolution_minutes", "540,0"] in lines
    assert ["2026-03", "incidents", "P4", "response_met_percent", ""] in lines
    assert ["2026-03", "changes", "emergency", "completed", "1"] in lines
    assert json.loads(as_json.content)["incidents"][1]["resolution_met_percent"] == 100.0
    assert "<td>9 u</td>" in page  # 540 business minutes, in hours on the page
    assert "50,0% (1)" in page

    for text in (as_csv.content.decode("utf-8"), as_json.content.decode(), page[page.index('<main id="main"') :]):
        assert leaks(text) == []  # (the page's header names the logged-in user, so only <main> is checked)


def leaks(text: str) -> list[str]:
    """Names, usernames, e-mail addresses, titles, free text or references found in the text."""
    words = set(re.findall(r"[\w@.+-]+", text))
    people = set()
    for user in get_user_model().objects.all():
        people |= {user.username, user.email, user.first_name, user.last_name, user.get_full_name()}
    found = [person for person in people if person and (person in words or (" " in person and person in text))]
    free_text = {"Vrije tekst", "Hersteld bij de bron", "Welke GGD", "Hollands Midden", "Niet nodig", "INC-", "CHG-"}
    free_text |= set(Incident.objects.values_list("title", flat=True)) | {"Geheime"}
    return found + [fragment for fragment in free_text if fragment in text]


def test_latest_full_month_and_bad_months(client, demo_user, at):
    client.force_login(demo_user("vws"))
    with at(2026, 4, 15, 12, 0):
        response = client.get(reverse("monthly:monthly_summary_latest"))
        assert response.url == reverse("monthly:monthly_summary", kwargs={"month": "2026-03"})
        for bad in ("2026-13", "2026-3", "maart", "2026-05"):
            assert client.get(reverse("monthly:monthly_summary", kwargs={"month": bad})).status_code == 404
    client.logout()
    assert client.get(reverse("monthly:monthly_summary", kwargs={"month": "2026-03"})).status_code == 302
