"""The per-party and per-agreement figures of a stored week link to the incidents whose clocks they counted, as
those clocks stood at the week's end: a later reopening and re-resolution does not change the list. An operator
reaches only the rows of her own parties and agreements."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.weeks import Week
from governance.models import WeeklyReport
from governance.reports.clock_figures import counted_clock_incident_ids
from governance.reports.selectors import incident_list_url
from governance.reports.services import weekly_report_compute
from incidents import services
from incidents.models import Incident
from parties.models import Component, Party

WEEK = Week.from_label("2026-W13")  # Monday 23 March to Monday 30 March 2026
RECORDS = f"/reports/weekly/{WEEK.label}/incidents/"


def _routed(demo_user, party: str, title: str):
    incident = services.incident_file(
        actor=demo_user("ggd"), title=title, component=Component.objects.get(slug="hsm"), impact="low", urgency="low"
    )
    services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug=party), reason="Doorgezet"
    )
    return services.incident_acknowledge(actor=demo_user(party), incident=incident)


def _resolve(demo_user, incident, party="kpn"):
    return services.incident_resolve(
        actor=demo_user(party), incident=incident, resolution_code="fixed", resolution="Ok"
    )


@pytest.fixture
def reresolved_week(demo_user, at):
    """Week 13 counted, then rewritten: KPN resolved one of its two incidents in it, which is reopened and resolved
    again in week 15; the other is resolved in week 14. JustID resolved one incident in week 13."""
    with at(2026, 3, 23, 10, 0):
        again = _routed(demo_user, "kpn", "Later opnieuw opgelost")
        later = _routed(demo_user, "kpn", "Volgende week opgelost")
        justid = _routed(demo_user, "justid", "Vraag")
    with at(2026, 3, 24, 12, 0):
        _resolve(demo_user, again)
        _resolve(demo_user, justid, "justid")
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    with at(2026, 4, 1, 10, 0):
        _resolve(demo_user, later)
    with at(2026, 4, 7, 10, 0):
        again = services.incident_reopen(actor=demo_user("ggd"), incident=again, reason="Werkt nog steeds niet")
        again = services.incident_acknowledge(actor=demo_user("kpn"), incident=again)
    with at(2026, 4, 7, 12, 0):
        _resolve(demo_user, again)
    return {"again": again.reference, "later": later.reference, "justid": justid.reference}


def _listed(client, url: str) -> set[str]:
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    table = response.content.decode().split('id="incident-table"')[1]
    return set(re.findall(r"INC-\d{4}-\d{6}", table))


def _recomputed(figure: str, group: str, key: str) -> set[str]:
    ids = counted_clock_incident_ids(WEEK, figure, group, key)
    return set(Incident.objects.filter(pk__in=ids).values_list("reference", flat=True))


def _stored(group: str, key: str) -> dict:
    return WeeklyReport.objects.get(week_start=WEEK.monday).metrics[group][key]


def test_a_partys_row_lists_the_incidents_of_the_clocks_it_counted(client, demo_user, reresolved_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 4, 8, 9, 0):
        page = client.get(f"/reports/weekly/{WEEK.label}/").content.decode()
        table = page[page.index('id="report-parties"') :]
        table = table[: table.index("</table>")]
        links = {figure: url for url, figure in re.findall(r'href="([^"]+figure=(\w+)&amp;party=kpn)"', table)}
        assert set(links) == {
            "received",
            "mean_time_to_acknowledge",
            "sla_response_met_percent",
            "sla_resolution_met_percent",
            "breaches",
        }
        both = {reresolved_week["again"], reresolved_week["later"]}
        expected = {
            "received": both,
            "mean_time_to_acknowledge": both,
            "sla_response_met_percent": both,
            "sla_resolution_met_percent": {reresolved_week["again"]},
            "breaches": set(),
        }
        for figure, references in expected.items():
            listed = _listed(client, links[figure])
            assert listed == references, figure
            assert listed == _recomputed(figure, "party", "kpn")
        stored = _stored("parties", "kpn")
        assert len(_listed(client, links["received"])) == stored["received"]
        assert len(_listed(client, links["sla_resolution_met_percent"])) == stored["sla_resolutions_decided"]
        assert len(_listed(client, links["breaches"])) == stored["breached_incidents"]
        # Today's columns no longer place the re-resolved incident's resolution in the week.
        live = incident_list_url(clock_party="kpn", resolved_from=WEEK.start, resolved_before=WEEK.end)
        assert reresolved_week["again"] not in client.get(live).content.decode()


def test_an_agreements_row_on_the_dashboard_lists_the_incidents_its_clocks_counted(
    client, demo_user, reresolved_week, at
):
    client.force_login(demo_user("vws"))
    with at(2026, 4, 8, 9, 0):
        page = client.get("/dashboard/").content.decode()
        table = page[page.index('id="agreement-compliance"') :]
        table = table[: table.index("</table>")]
        links = dict(re.findall(r'<small>([\w-]+)</small></th>\s*<td>.*?<a href="([^"]+)">[\d,]+% binnen', table, re.S))
        resolved = links["UC-CIBG-KPN"]
        assert f"{RECORDS}?figure=sla_resolution_met_percent&amp;agreement=UC-CIBG-KPN" == resolved
        listed = _listed(client, resolved)
        assert listed == {reresolved_week["again"]}
        assert listed == _recomputed("sla_resolution_met_percent", "agreement", "UC-CIBG-KPN")
        assert len(listed) == _stored("agreements", "UC-CIBG-KPN")["sla_resolutions_decided"]
        received = _listed(client, f"{RECORDS}?figure=received&agreement=UC-CIBG-KPN")
        assert received == {reresolved_week["again"], reresolved_week["later"]}
        assert len(received) == _stored("agreements", "UC-CIBG-KPN")["received"]
        assert _listed(client, links["UC-CIBG-JUSTID"]) == {reresolved_week["justid"]}


def test_the_dashboards_stored_party_row_links_to_the_records_page(client, demo_user, reresolved_week, at):
    client.force_login(demo_user("kpn"))
    with at(2026, 4, 8, 9, 0):
        page = client.get("/dashboard/").content.decode()
        url = f"{RECORDS}?figure=sla_resolution_met_percent&amp;party=kpn"
        assert url in page
        assert _listed(client, url) == {reresolved_week["again"]}


def test_an_operator_reaches_only_her_own_parties_and_agreements(client, demo_user, reresolved_week, at):
    client.force_login(demo_user("justid"))
    with at(2026, 4, 8, 9, 0):
        assert _listed(client, f"{RECORDS}?figure=received&party=justid") == {reresolved_week["justid"]}
        for query in ("figure=received&party=kpn", "figure=breaches&agreement=UC-CIBG-KPN"):
            response = client.get(f"{RECORDS}?{query}")
            assert response.status_code == 404
            assert reresolved_week["again"] not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("figure=opened&party=kpn", 400, "Onbekend cijfer"),
        ("figure=received", 400, "Onbekend cijfer"),
        ("figure=received&party=kpn&agreement=UC-CIBG-KPN", 400, "Kies één rij"),
        ("figure=received&party=kpn&priority=P4", 400, "Kies één rij"),
        ("figure=received&party=nope", 404, "Pagina niet gevonden"),
        ("figure=received&agreement=nope", 404, "Pagina niet gevonden"),
    ],
)
def test_a_party_query_the_page_cannot_answer_says_why(client, demo_user, reresolved_week, query, status, message):
    client.force_login(demo_user("vws"))
    response = client.get(f"{RECORDS}?{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_a_partys_page_reads_as_many_queries_whatever_the_number_of_incidents(client, demo_user, reresolved_week, at):
    client.force_login(demo_user("kpn"))
    url = f"{RECORDS}?figure=received&party=kpn"
    with at(2026, 4, 8, 9, 0):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert len(_listed(client, url)) == 2
    with at(2026, 3, 25, 10, 0):
        for number in range(3):
            _routed(demo_user, "kpn", f"Nog een {number}")
    with at(2026, 4, 8, 9, 0):
        client.get(url)  # the rows of the new incidents rendered and cached, as for the first count
        with CaptureQueriesContext(connection) as many:
            assert len(_listed(client, url)) == 5
    assert len(many) == len(few)
