"""The change list as CSV (/changes/export.csv): the list's rows with the list's filters, in the reader's
spreadsheet dialect; like the list, for the chain only."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.spreadsheets import read_records, read_rows

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("changes:changerequest_export")
LIST_URL = reverse("changes:changerequest_list")


@pytest.fixture
def changes(chain, make_change):
    return {
        "servers": make_change(chain.cibg_operator, [chain.infrastructure, chain.app], title="Patch van de servers"),
        "app": make_change(chain.dictu_operator, [chain.app], title="@SUM(A1) in de app"),
        "website": make_change(chain.website_operator, [chain.website], title="Nieuwe huisstijl"),
        "draft": make_change(chain.kpn_operator, [chain.infrastructure], title="Nog een idee", submit=False),
    }


def export(client, user, query=None, language="nl"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(EXPORT_URL, query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wijzigingen-')
    return b"".join(response.streaming_content)


def test_a_dutch_reader_gets_the_filtered_list_with_semicolons_and_dutch_headers(client, chain, changes):
    records = read_records(export(client, chain.po, {"component": "ios-app"}))

    assert [record["kenmerk"] for record in records] == [changes["app"].reference, changes["servers"].reference]
    servers = records[1]
    assert servers["titel"] == "Patch van de servers"
    assert servers["soort wijziging"] == "Normaal"
    assert servers["status"] == "Ingediend"
    assert servers["componenten"] == "Infrastructuur, iOS-app"
    assert servers["aangevraagd door partij"] == "CIBG"
    # 08:00 UTC on 4 March 2030 is 09:00 in Amsterdam; the window is two hours.
    assert (servers["begin venster"], servers["einde venster"]) == ("2030-03-04 09:00", "2030-03-04 11:00")


def test_an_english_reader_gets_commas_and_english_headers(client, chain, changes):
    header, *rows = read_rows(export(client, chain.po, {"q": "servers"}, language="en"), delimiter=",")

    assert header[:5] == ["reference", "title", "change type", "risk", "status"]
    assert [row[0] for row in rows] == [changes["servers"].reference]
    assert rows[0][2:5] == ["Normal", "", "Submitted"]


def test_a_title_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, chain, changes):
    records = read_records(export(client, chain.dictu_operator))

    assert {record["titel"] for record in records} == {"Patch van de servers", "'@SUM(A1) in de app"}


def test_a_party_never_exports_a_change_it_cannot_see(client, chain, changes):
    website = {record["kenmerk"] for record in read_records(export(client, chain.website_operator))}
    regie = {record["kenmerk"] for record in read_records(export(client, chain.po))}

    assert website == {changes["website"].reference}
    # Drafts stay with the party that wrote them.
    assert regie == {changes[name].reference for name in ("servers", "app", "website")}
    assert changes["draft"].reference in {r["kenmerk"] for r in read_records(export(client, chain.kpn_operator))}


def test_the_reporters_side_has_no_change_export(client, chain, changes):
    client.force_login(chain.ggd)

    assert client.get(EXPORT_URL).status_code == 404


def test_the_export_link_on_the_list_carries_the_current_filters(client, chain, changes):
    client.force_login(chain.po)

    page = client.get(LIST_URL, {"status": "submitted", "component": "ios-app"}).content.decode()

    assert f'href="{EXPORT_URL}?status=submitted&amp;component=ios-app">Exporteren (CSV)</a>' in page


def test_invalid_filters_export_nothing_and_say_why(client, chain, changes):
    client.force_login(chain.po)

    response = client.get(EXPORT_URL, {"start": "morgen"}, follow=True)

    assert response.redirect_chain == [(f"{LIST_URL}?start=morgen", 302)]
    assert "Een of meer filters zijn ongeldig; er is niets geëxporteerd." in response.content.decode()


def test_the_export_takes_the_same_number_of_queries_however_long_the_list(client, chain, changes, make_change):
    client.force_login(chain.po)
    with CaptureQueriesContext(connection) as small:
        small_rows = read_rows(b"".join(client.get(EXPORT_URL).streaming_content))
    for number in range(6):
        make_change(chain.cibg_operator, [chain.app, chain.infrastructure], title=f"Meer {number}")
    with CaptureQueriesContext(connection) as large:
        large_rows = read_rows(b"".join(client.get(EXPORT_URL).streaming_content))

    assert len(large_rows) == len(small_rows) + 6
    assert len(large) == len(small)
