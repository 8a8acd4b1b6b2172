"""Dashboard, weekly report page, CSV and API: what each role reaches and that figures lead to their records."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.weeks import Week
from governance.reports.live import live_figures_refresh_all
from governance.reports.services import store_breaches, weekly_report_compute
from governance.reports.trends import worst_breach
from incidents import services
from parties.catalogue import snapshot
from parties.models import Component, Party
from tests.factories import ChangeFactory, IncidentFactory
from tests.spreadsheets import read_records, read_rows
from tests.timetravel import local

WEEK = Week.from_label("2026-W13")


@pytest.fixture
def computed_week(demo_user, at):
    """One KPN-routed P1 incident that breaches the SLA, and one JustID incident; the week computed."""
    with at(2026, 3, 23, 10, 0):
        kpn_case = services.incident_file(
            actor=demo_user("ggd"),
            title="Sleutels",
            component=Component.objects.get(slug="hsm"),
            impact="high",
            urgency="high",
        )
        services.incident_assign(
            actor=demo_user("cibg"), incident=kpn_case, party=Party.objects.get(slug="kpn"), reason="Hosting"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=kpn_case)
        justid_case = services.incident_file(
            actor=demo_user("ggd"),
            title="Certificaat",
            component=Component.objects.get(slug="hsm"),
            impact="low",
            urgency="low",
        )
        services.incident_assign(
            actor=demo_user("cibg"), incident=justid_case, party=Party.objects.get(slug="justid"), reason="HSM"
        )
    with at(2026, 3, 23, 15, 0):
        services.incident_resolve(
            actor=demo_user("kpn"), incident=kpn_case, resolution_code="fixed", resolution="Vervangen"
        )
    with at(2026, 3, 30, 6, 0):
        report = weekly_report_compute(week=WEEK)
    return {"report": report, "kpn_case": kpn_case, "justid_case": justid_case}


def weekly_url(fmt=None):
    url = reverse("reports:weekly", kwargs={"label": WEEK.label})
    return f"{url}?format={fmt}" if fmt else url


@pytest.mark.parametrize("path", ["/dashboard/", "/reports/weekly/", "/reports/weekly/2026-W13/"])
def test_the_reporter_side_never_reaches_reports(client, demo_user, computed_week, path):
    client.force_login(demo_user("ggd"))
    assert client.get(path).status_code == 404
    assert client.get("/api/reports/weekly/2026-W13/").status_code == 404


def test_anonymous_is_sent_to_log_in(client, computed_week):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_viewer_sees_whole_chain_and_figures_link_to_their_incidents(client, demo_user, computed_week):
    client.force_login(demo_user("vws"))
    page = client.get(weekly_url()).content.decode()
    assert "Hele keten" in page
    assert "JustID" in page
    assert "KPN" in page
    # KPN's breach count links to exactly the incidents whose KPN clocks breached in the week.
    match = re.search(r'href="([^"]*figure=breaches&amp;party=kpn)"', page)
    listed = client.get(match.group(1).replace("&amp;", "&")).content.decode()
    assert computed_week["kpn_case"].reference in listed
    assert computed_week["justid_case"].reference not in listed


def test_attribution_shows_the_kpn_leg(client, demo_user, computed_week):
    client.force_login(demo_user("vws"))
    page = client.get(weekly_url()).content.decode()
    assert "wie hield het incident vast" in page
    assert computed_week["kpn_case"].reference in page
    assert "UC-CIBG-KPN" in page


def test_attribution_is_shown_fifty_breaches_a_page(client, demo_user, computed_week):
    report = computed_week["report"]
    breach = report.breaches.first().attribution
    store_breaches(report, [{**breach, "incident": f"INC-2026-{n:06d}"} for n in range(1, 121)])
    client.force_login(demo_user("vws"))

    def shown(query=""):
        page = client.get(weekly_url() + query).content.decode()
        return re.findall(r'<div class="attribution">\s*<h3><a href="[^"]+">(INC-2026-\d+)</a>', page), page

    first, page = shown()
    assert first == [f"INC-2026-{n:06d}" for n in range(1, 51)]
    assert "?page=2#attribution-heading" in page
    last, page = shown("?page=3")
    assert last == [f"INC-2026-{n:06d}" for n in range(101, 121)]
    assert "?page=2#attribution-heading" in page
    assert "?page=4" not in page
    assert shown("?page=99")[0] == last
    rows = read_rows(client.get(weekly_url("csv")).content)
    assert len({row[2] for row in rows if row[1] == "attribution"}) == 120  # the CSV keeps every breach


def test_a_breach_reads_the_same_from_the_cache_in_each_language_and_as_stored_again(client, demo_user, computed_week):
    """Each breach's block is kept in the shared cache per language: a second reading shows the same page, an
    English reader reads English, and a week computed again shows its new attribution."""
    client.force_login(demo_user("vws"))

    def attribution_section(language="nl"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(weekly_url()).content.decode()
        return page[page.index('id="attribution-heading"') : page.index('id="major-reviews"')]

    dutch = attribution_section()
    assert "Ook overschreden:" in dutch or "Geen onderliggend contract overschreden." in dutch
    assert attribution_section() == dutch
    english = attribution_section("en")
    assert "Party" in english
    assert "Partij" not in english
    assert computed_week["kpn_case"].reference in english

    report = computed_week["report"]
    breach = report.breaches.first().attribution
    store_breaches(report, [{**breach, "legs": [{**leg, "party": "Nieuwe partij"} for leg in breach["legs"]]}])
    assert "Nieuwe partij" in attribution_section()


def test_each_reader_pages_through_the_breaches_it_may_read_and_the_summary_names_the_worst(
    client, demo_user, computed_week
):
    report = computed_week["report"]
    breach = report.breaches.first().attribution
    kpn = {**breach["legs"][0], "party": "KPN", "share_percent": 40.0}
    dictu = {**kpn, "party": "DICTU", "share_percent": 30.0}
    attribution = [
        {**breach, "incident": f"INC-2026-{n:06d}", "legs": [kpn if n % 2 else dictu]} for n in range(1, 121)
    ]
    attribution[89]["legs"] = [{**dictu, "share_percent": 95.0}]  # INC-2026-000090
    store_breaches(report, attribution)
    report.metrics["worst_breach"] = worst_breach(attribution)  # as computing the week stores it
    report.save()

    def shown(username, query=""):
        client.force_login(demo_user(username))
        page = client.get(weekly_url() + query).content.decode()
        return re.findall(r'<div class="attribution">\s*<h3><a href="[^"]+">(INC-2026-\d+)</a>', page), page

    # KPN's operator reads the 60 breaches in which KPN held the incident, 50 and then 10.
    first, page = shown("kpn")
    assert first == [f"INC-2026-{n:06d}" for n in range(1, 101, 2)]
    assert "Pagina 1 van 2" in page
    assert shown("kpn", "?page=2")[0] == [f"INC-2026-{n:06d}" for n in range(101, 121, 2)]
    assert shown("kpn", "?page=7")[0] == [f"INC-2026-{n:06d}" for n in range(101, 121, 2)]
    # The whole chain's summary counts every breach and names the one held longest by one party.
    first, page = shown("vws")
    assert len(first) == 50
    assert "120 overschrijding(en) van de SLA; bij INC-2026-000090 nam DICTU 95% van de tijd." in page


def test_operator_sees_only_its_own_part_of_the_chain(client, demo_user, computed_week):
    client.force_login(demo_user("justid"))
    report = client.get("/api/reports/weekly/2026-W13/").json()["metrics"]
    assert set(report["parties"]) == {"justid"}
    assert report["incidents"]["total"] is None
    assert report["changes"] is None
    assert report["attribution"] == []  # JustID held no breached incident
    page = client.get(weekly_url()).content.decode()
    assert "U ziet alleen de cijfers van uw eigen deel van de keten." in page
    assert "Hele keten" not in page


def test_csv_has_one_line_per_figure(client, demo_user, computed_week):
    client.force_login(demo_user("architect"))
    response = client.get(weekly_url("csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="regie-weekrapport-2026-W13.csv"' in response["Content-Disposition"]
    rows = read_records(response.content)
    assert list(rows[0]) == [
        "week",
        "rubriek",
        "groep",
        "maat",
        "waarde",
        "verschil met vorige week",
        "afwijking (keer de normale spreiding)",
        "eenheid",
    ]
    figures = {(row["rubriek"], row["groep"], row["maat"]): row["waarde"] for row in rows}
    assert figures[("incidents", "total", "opened")] == "2"
    assert figures[("incidents", "total", "breaches")] == "1"
    assert figures[("parties", "party:kpn", "received")] == "1"
    kpn_share = [row for row in rows if row["rubriek"] == "attribution" and row["maat"] == "share_percent_held_by:KPN"]
    assert kpn_share[0]["waarde"] == "100,0"


def test_a_breach_lists_the_time_waited_on_each_party_on_the_page_and_in_the_csv(client, demo_user, at):
    """A P1 (24×7) incident at KPN waits 3 h 10 min on JustID and 1 h on the reporter, then breaches."""
    kpn = demo_user("kpn")
    with at(2026, 3, 23, 10, 0):
        incident = IncidentFactory(
            title="Sleutels", impact="high", urgency="high", assigned_to="kpn", acknowledged=True
        )
    with at(2026, 3, 23, 10, 30):
        services.incident_hold(
            actor=kpn,
            incident=incident,
            waiting_for="party",
            waiting_for_party=Party.objects.get(slug="justid"),
            reason="Sleutel?",
        )
    with at(2026, 3, 23, 13, 40):
        services.incident_resume(actor=kpn, incident=incident)
    with at(2026, 3, 23, 14, 0):
        services.incident_hold(actor=kpn, incident=incident, waiting_for="reporter", reason="Welke regio?")
    with at(2026, 3, 23, 15, 0):
        services.incident_reply(actor=demo_user("ggd"), incident=incident, body="Utrecht")
    with at(2026, 3, 23, 19, 0):
        services.incident_resolve(actor=kpn, incident=incident, resolution_code="fixed", resolution="ok")
    with at(2026, 3, 30, 6, 0):
        weekly_report_compute(week=WEEK)
    client.force_login(demo_user("vws"))
    page = client.get(weekly_url()).content.decode()
    waited = re.search(r'<p class="waited-on">(.*?)</p>', page, re.S).group(1)
    assert "gewacht op JustID 3 u 10 min; gewacht op de melder 1 u" in waited
    rows = read_records(client.get(weekly_url("csv")).content)
    figures = {row["maat"]: row["waarde"] for row in rows if row["rubriek"] == "attribution"}
    assert figures["minutes_held_by:KPN"] == "290,0"
    assert figures["minutes_waited_on:JustID"] == "190,0"
    assert figures["minutes_waited_on:reporter"] == "60,0"
    waiting = {row["groep"]: row["waarde"] for row in rows if row["rubriek"] == "waited_on" and row["maat"] == "hours"}
    assert waiting == {"party:justid": "3,2", "reporter": "1,0"}


def test_unknown_or_uncomputed_week_is_404(client, demo_user, computed_week):
    client.force_login(demo_user("vws"))
    assert client.get("/reports/weekly/2026-W14/").status_code == 404
    assert client.get("/reports/weekly/not-a-week/").status_code == 404
    assert client.get("/api/reports/weekly/2026-W14/").status_code == 404


def test_api_lists_the_stored_weeks(client, demo_user, computed_week):
    client.force_login(demo_user("vws"))
    listing = client.get("/api/reports/weekly/").json()
    assert [row["week"] for row in listing["results"]] == ["2026-W13"]


def test_dashboard_shows_compliance_and_links_open_incidents(client, demo_user, computed_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 30, 9, 0):
        page = client.get("/dashboard/").content.decode()
    assert "SLA-naleving per partij" in page
    assert "2026-W13" in page
    # The open JustID incident (P4, filed a week ago) is counted in the "> 7 days"… or "3–7 days" band.
    match = re.search(r'<th scope="row"><a href="([^"]+)">P4</a></th>', page)
    listed = client.get(match.group(1).replace("&amp;", "&")).content.decode()
    assert computed_week["justid_case"].reference in listed


def test_dashboard_query_count_does_not_grow_with_incidents(client, demo_user, computed_week, at):
    client.force_login(demo_user("vws"))

    def queries_for_dashboard():
        with at(2026, 3, 30, 9, 0):
            live_figures_refresh_all()  # as the minute's task does
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/dashboard/").status_code == 200
        return len(queries)

    snapshot()  # the service catalogue is cached from the first page on: both counts read it from the cache
    before = queries_for_dashboard()
    with at(2026, 3, 30, 8, 0):
        IncidentFactory.create_batch(10, component=Component.objects.get(slug="website"), impact="low", urgency="low")
    assert queries_for_dashboard() == before
    assert before <= 10


def submit_change(title):
    return ChangeFactory(title=title, proposed_start=local(2026, 4, 8, 22, 0))


def test_change_figures_link_to_exactly_those_changes(client, demo_user, at):
    with at(2026, 3, 24, 10, 0):
        in_week = submit_change("Patch in de week")
    with at(2026, 3, 31, 10, 0):
        after = submit_change("Patch erna")
        weekly_report_compute(week=WEEK)
    client.force_login(demo_user("vws"))
    page = client.get(weekly_url()).content.decode()
    section = page[page.index('id="report-changes"') :]
    link = re.search(r'<a href="(/changes/\?[^"]*submitted_from=[^"]*)">1</a>', section)
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert in_week.reference in listed
    assert after.reference not in listed


def test_a_green_compliance_cell_with_breaches_says_what_each_number_counts():
    figure = {
        "percent": 100.0,
        "decided": 1,
        "light": "green",
        "breaches": 3,
        "breaches_url": "/x",
        "resolved_url": "/y",
    }
    cell = " ".join(render_to_string("governance/reports/_compliance_cell.html", {"figure": figure}).split())
    assert "binnen de oplosnorm" in cell
    assert "van 1 opgelost incident" in cell
    assert "3 normoverschrijdingen in de week (reactie of oplossing, ook bij nog open incidenten)" in cell
    assert "Het licht is groen omdat alleen de oplosnorm van de opgeloste incidenten meetelt." in cell


def test_the_dashboards_breach_count_per_party_links_to_that_partys_breached_incidents(
    client, demo_user, computed_week, at
):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 27, 9, 0):  # the week of the KPN case's breaches
        page = client.get("/dashboard/").content.decode()
    section = page[page.index('id="breach-heading"') :]
    section = section[: section.index("</section>")]
    missed = r"\(<a [^>]+>1 keer de oplosnorm gemist</a>\)"
    links = re.findall(rf'<li>KPN: <a href="([^"]*)">(\d+)</a> {missed}</li>', section)
    assert links, section
    listed = client.get(links[0][0].replace("&amp;", "&")).content.decode()
    assert computed_week["kpn_case"].reference in listed
    assert computed_week["justid_case"].reference not in listed
