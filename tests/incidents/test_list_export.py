"""The incident list as CSV (/incidents/export.csv): the list's rows with the list's filters, in the reader's
spreadsheet dialect, and for the reporter's side only her own columns."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import Incident
from parties.models import Component
from tests.factories import IncidentFactory
from tests.spreadsheets import read_records, read_rows

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("incidents:incident_export")
LIST_URL = reverse("incidents:incident_list")


def component(slug):
    return Component.objects.get(slug=slug)


@pytest.fixture
def incidents(demo_chain):
    """Two reports of the GGD (servers at KPN, P2; the iPhone app at DICTU, P4) and one KPN filed itself (P3)."""
    return {
        "servers": IncidentFactory(
            component=component("infrastructuur"),
            title="Servers onbereikbaar",
            impact="high",
            urgency="medium",
            assigned_to="kpn",
        ),
        "app": IncidentFactory(
            component=component("ios-app"), title='=HYPERLINK("https://evil.example")', impact="low", urgency="low"
        ),
        "kpn_own": IncidentFactory(actor="kpn", component=component("infrastructuur"), title="Schijf vol"),
    }


def export(client, demo_user, username, query=None, language="nl"):
    client.force_login(demo_user(username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(EXPORT_URL, query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="incidenten-')
    return b"".join(response.streaming_content)


def by_reference(records, column):
    return {record[column]: record for record in records}


def test_a_dutch_operator_gets_the_filtered_list_with_semicolons_and_dutch_headers(client, demo_user, incidents):
    records = read_records(export(client, demo_user, "po", {"scope": "all", "component": "infrastructuur"}))

    rows = by_reference(records, "kenmerk")
    assert set(rows) == {incidents["servers"].reference, incidents["kpn_own"].reference}
    servers = rows[incidents["servers"].reference]
    assert servers["wat is er aan de hand"] == "Servers onbereikbaar"
    assert servers["prioriteit"] == "P2"
    assert servers["status"] == "Toegewezen"
    assert servers["toegewezen aan"] == "KPN"
    assert servers["gemeld namens"] == "GGD GHOR Nederland"
    assert servers["normstatus"] == "Binnen de norm"
    assert servers["oplossen vóór"]  # the SLA clock runs
    assert rows[incidents["kpn_own"].reference]["gemeld namens"] == "KPN"


def test_an_english_reader_gets_commas_and_english_headers(client, demo_user, incidents):
    content = export(client, demo_user, "po", {"scope": "all", "priority": "P2"}, language="en")

    header, *rows = read_rows(content, delimiter=",")
    assert header[:5] == ["reference", "what is the problem", "part", "priority", "status"]
    assert "assigned to" in header
    assert [row[0] for row in rows] == [incidents["servers"].reference]
    assert rows[0][header.index("status")] == "Assigned"


def test_a_title_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, demo_user, incidents):
    rows = by_reference(read_records(export(client, demo_user, "dictu", {"scope": "all"})), "kenmerk")

    assert rows[incidents["app"].reference]["wat is er aan de hand"] == '\'=HYPERLINK("https://evil.example")'


def test_an_operator_never_exports_an_incident_outside_her_part_of_the_chain(client, demo_user, incidents):
    dictu = {row["kenmerk"] for row in read_records(export(client, demo_user, "dictu", {"scope": "all"}))}
    kpn = {row["kenmerk"] for row in read_records(export(client, demo_user, "kpn", {"scope": "all"}))}

    assert dictu == {incidents["app"].reference}
    assert kpn == {incidents["servers"].reference, incidents["kpn_own"].reference}


def test_the_reporter_exports_her_own_reports_with_her_columns_only(client, demo_user, incidents):
    # Chain-only filters are ignored for her side, as on the page: they cannot narrow or probe her export.
    content = export(client, demo_user, "ggd", {"scope": "all", "assigned_party": "dictu", "breach_state": "ok"})

    header, *rows = read_rows(content)
    assert header == ["kenmerk", "wat is er aan de hand", "onderdeel", "prioriteit", "status", "gemeld op",
                      "opgelost op", "gesloten op"]  # fmt: skip
    assert {row[0] for row in rows} == {incidents["servers"].reference, incidents["app"].reference}
    text = content.decode("utf-8")
    assert "KPN" not in text  # who holds it in the chain is not hers to know
    assert "Servers en netwerk" in text  # the component as reporters know it
    assert "Backend-infrastructuur" not in text


def test_the_export_link_on_the_list_carries_the_current_filters(client, demo_user, incidents):
    client.force_login(demo_user("po"))

    page = client.get(LIST_URL, {"scope": "all", "priority": "P2", "page": "1"}).content.decode()

    assert f'href="{EXPORT_URL}?scope=all&amp;priority=P2">Exporteren (CSV)</a>' in page


def test_invalid_filters_export_nothing_and_say_why(client, demo_user, incidents):
    client.force_login(demo_user("po"))

    response = client.get(EXPORT_URL, {"scope": "all", "reported_from": "gisteren"}, follow=True)

    assert response.redirect_chain == [(f"{LIST_URL}?scope=all&reported_from=gisteren", 302)]
    assert "Een of meer filters zijn ongeldig; er is niets geëxporteerd." in response.content.decode()


def test_the_export_takes_the_same_number_of_queries_however_long_the_list(client, demo_user, incidents):
    client.force_login(demo_user("po"))
    with CaptureQueriesContext(connection) as small:
        small_rows = read_rows(b"".join(client.get(EXPORT_URL, {"scope": "all"}).streaming_content))
    for number in range(6):
        slug = "backend" if number % 2 else "hsm"
        IncidentFactory(component=component(slug), assigned_to="kpn" if number % 3 else None)
    with CaptureQueriesContext(connection) as large:
        large_rows = read_rows(b"".join(client.get(EXPORT_URL, {"scope": "all"}).streaming_content))

    assert len(large_rows) == len(small_rows) + 6 == Incident.objects.count() + 1
    assert len(large) == len(small)
