"""The dashboard and the weekly report read per service (`?service=`), the stored per-service rows, the owner
of Oplossing II (GGD GHOR Nederland) reading its own service's figures, and the incident page naming the
services and dependent components a disruption reaches."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.weeks import Week
from governance.reports.services import store_breaches, weekly_report_compute
from incidents import services
from parties.models import Component
from tests.factories import IncidentFactory

WEEK = Week.from_label("2026-W13")


def file(demo_user, slug, title):
    return services.incident_file(
        actor=demo_user("ggd"), title=title, component=Component.objects.get(slug=slug), impact="low", urgency="low"
    )


@pytest.fixture
def two_services_week(demo_user, at):
    """In week 13: two incidents on CoronaMelder (the backend, the website), one on Oplossing II."""
    with at(2026, 3, 24, 10, 0):
        backend = file(demo_user, "backend", "Backend traag")
        website = file(demo_user, "website", "Website plat")
        application = file(demo_user, "o2-applicatie", "Dossier opent niet")
    with at(2026, 3, 30, 6, 0):
        report = weekly_report_compute(week=WEEK)
    return {"report": report, "coronamelder": [backend, website], "oplossing": [application]}


def test_the_stored_report_has_a_row_per_service_that_adds_up_to_the_total(two_services_week):
    incidents = two_services_week["report"].metrics["incidents"]
    assert incidents["by_service"]["coronamelder"]["opened"] == 2
    assert incidents["by_service"]["oplossing-ii"]["opened"] == 1
    assert sum(row["opened"] for row in incidents["by_service"].values()) == incidents["total"]["opened"]


def test_the_weekly_report_per_service_counts_and_links_that_services_incidents(
    client, demo_user, two_services_week, at
):
    client.force_login(demo_user("vws"))
    page = client.get(f"/reports/weekly/{WEEK.label}/?service=oplossing-ii").content.decode()
    assert 'id="service-scope"' in page
    first_row = re.search(r'<th scope="row">Oplossing II</th>(.*?)</tr>', page, re.S).group(1)
    opened = re.search(r'<a href="([^"]+)">1</a>', first_row)
    with at(2026, 3, 30, 9, 0):
        listed = client.get(opened.group(1).replace("&amp;", "&")).content.decode()
    assert two_services_week["oplossing"][0].reference in listed
    assert two_services_week["coronamelder"][0].reference not in listed
    assert "Backend-software" not in page  # another service's component row


def test_the_dashboard_per_service_counts_only_that_services_open_incidents(client, demo_user, two_services_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 3, 30, 9, 0):
        whole = client.get("/dashboard/").content.decode()
        oplossing = client.get("/dashboard/?service=oplossing-ii").content.decode()

    def open_p4(page):
        row = re.search(r'<th scope="row"><a href="([^"]+)">P4</a></th>(.*?)</tr>', page, re.S)
        return sum(int(count) for count in re.findall(r">(\d+)</a>", row.group(2))), row.group(1)

    assert open_p4(whole)[0] == 3
    count, url = open_p4(oplossing)
    assert count == 1
    with at(2026, 3, 30, 9, 0):
        listed = client.get(url.replace("&amp;", "&")).content.decode()
    assert two_services_week["oplossing"][0].reference in listed
    assert two_services_week["coronamelder"][1].reference not in listed


def test_the_service_dashboard_makes_as_many_queries_however_many_incidents(client, demo_user, two_services_week, at):
    client.force_login(demo_user("vws"))

    def queries():
        with at(2026, 3, 30, 9, 0), CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/?service=oplossing-ii").status_code == 200
        return len(captured)

    queries()  # warm: the cached catalogue and the inbox badge
    before = queries()
    with at(2026, 3, 30, 8, 0):
        IncidentFactory.create_batch(
            8, component=Component.objects.get(slug="o2-koppeling"), impact="low", urgency="low"
        )
    queries()  # the writes replaced the badge's generation: it is counted once more
    assert queries() == before


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/dashboard/", 200),  # its own service, without asking
        ("/dashboard/?service=oplossing-ii", 200),
        ("/dashboard/?service=coronamelder", 404),
        ("/dashboard/?service=bestaat-niet", 404),
        (f"/reports/weekly/{WEEK.label}/?service=oplossing-ii", 200),
        (f"/reports/weekly/{WEEK.label}/", 200),
        (f"/reports/weekly/{WEEK.label}/?service=coronamelder", 404),
        (f"/reports/weekly/{WEEK.label}/?service=oplossing-ii&format=csv", 200),
    ],
)
def test_the_owner_of_oplossing_ii_reads_its_own_services_reports_only(
    client, demo_user, two_services_week, at, path, status
):
    client.force_login(demo_user("ggdghor"))
    with at(2026, 3, 30, 9, 0):
        response = client.get(path)
    assert response.status_code == status
    if status == 200 and "csv" not in path:
        page = response.content.decode()
        assert "Oplossing II" in page
        assert "Hele keten" not in page


@pytest.mark.parametrize("username", ["vws", "ggdghor", "kpn"])
def test_a_services_weekly_report_lists_only_the_breaches_on_its_components(
    client, demo_user, two_services_week, username
):
    report = two_services_week["report"]
    legs = [{"party": "KPN", "minutes": 60, "share_percent": 100.0}]
    breach = {"agreement": "SLA", "target": "resolution", "priority": "P3", "legs": legs, "uc_breaches": []}
    on = {slug: Component.objects.get(slug=slug).name for slug in ("backend", "o2-applicatie")}
    store_breaches(
        report,
        [
            {**breach, "incident": "INC-2026-000001", "component": on["backend"]},
            {**breach, "incident": "INC-2026-000002", "component": on["o2-applicatie"]},
            {**breach, "incident": "INC-2026-000003", "component": on["backend"]},
        ],
    )
    client.force_login(demo_user(username))
    page = client.get(f"/reports/weekly/{WEEK.label}/?service=oplossing-ii").content.decode()
    listed = re.findall(r'<div class="attribution">\s*<h3><a href="[^"]+">(INC-2026-\d+)</a>', page)
    # KPN's operator reads the breaches KPN held; on this service, only the one on its component.
    assert listed == ["INC-2026-000002"]


def test_a_reporter_at_the_owner_reads_no_reports(client, demo_user, two_services_week):
    client.force_login(demo_user("ggd"))
    assert client.get("/dashboard/?service=oplossing-ii").status_code == 404


def test_the_incident_page_names_the_services_and_dependent_components_reached(client, demo_user):
    incident = file(demo_user, "infrastructuur", "Servers onbereikbaar")
    client.force_login(demo_user("po"))
    page = client.get(f"/incidents/{incident.reference}/").content.decode()
    impact = page[page.index('id="impact"') :].split("</section>")[0]
    assert "CoronaMelder" in impact
    assert "Oplossing II" in impact
    assert "GGD GHOR Nederland" in impact
    assert "Oplossing II-applicatie" in impact
    assert "Website coronamelder.nl" not in impact
    # The reporter's side sees no chain internals, so no such section.
    client.force_login(demo_user("ggd"))
    assert 'id="impact"' not in client.get(f"/incidents/{incident.reference}/").content.decode()


def test_the_owner_reads_the_incidents_on_its_service(client, demo_user):
    oplossing = file(demo_user, "o2-koppeling", "Koppeling hapert")
    coronamelder = file(demo_user, "website", "Website plat")
    client.force_login(demo_user("ggdghor"))
    page = client.get(f"/incidents/{oplossing.reference}/")
    assert page.status_code == 200
    assert 'id="actions-heading"' not in page.content.decode()  # it reads, it does not work incidents
    assert client.get(f"/incidents/{coronamelder.reference}/").status_code == 404
    listing = client.get("/incidents/").content.decode()
    assert oplossing.reference in listing
    assert coronamelder.reference not in listing
