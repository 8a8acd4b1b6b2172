"""Availability per service measured from major incidents' outage time against the SLA's promise: in the
weekly report (page, CSV, per service) and in the monthly summary."""

import csv
import io

import pytest

from core.weeks import Week
from governance.reports.services import weekly_report_compute
from majorincidents import services as major_services
from parties.models import Agreement, Component, ServiceCalendar
from tests.factories import IncidentFactory

WEEK = Week.from_label("2026-W13")  # Monday 23 to Sunday 29 March 2026; the clocks go forward on the Sunday
OFFICE_WEEK_MINUTES = 5 * 9 * 60  # Kantooruren NL of the CoronaMelder SLA: Monday to Friday 08:00-17:00
REAL_WEEK_MINUTES = (7 * 24 - 1) * 60  # the week of the change to summer time has 167 real hours


def major_outage(demo_user, at, component, impact, declared, stood_down):
    """A major incident on the component from `declared` until `stood_down` ((day, hour, minute) in March 2026)."""
    with at(2026, 3, *declared):
        incident = IncidentFactory(
            actor=demo_user("ggd"),
            title="Storing",
            component=Component.objects.get(slug=component),
            impact=impact,
            urgency="high",
        )
        major = major_services.major_declare(
            actor=demo_user("cibg"),
            incident=incident,
            coordinator=demo_user("cibg"),
            public_title="Storing",
            reason="Landelijke storing",
        )
    with at(2026, 3, *stood_down):
        major_services.major_stand_down(actor=demo_user("cibg"), major=major, reason="Werkt weer")


@pytest.fixture
def outage_week(demo_user, at):
    # Two hours down in office hours on Tuesday: counts.
    major_outage(demo_user, at, "backend", "high", (24, 10, 0), (24, 12, 0))
    # An hour of it again at the same time on another component of the service: counted once.
    major_outage(demo_user, at, "website", "high", (24, 11, 0), (24, 11, 30))
    # At night on Wednesday: the SLA's office hours are closed, so it does not count.
    major_outage(demo_user, at, "ggd-portaal", "high", (25, 22, 0), (25, 23, 30))
    # Degraded (impact below "many people") on Thursday in office hours: does not count.
    major_outage(demo_user, at, "middleware", "medium", (26, 10, 0), (26, 14, 0))
    # Oplossing II: an hour down on Friday.
    major_outage(demo_user, at, "o2-applicatie", "high", (27, 10, 0), (27, 11, 0))
    with at(2026, 3, 30, 6, 0):
        return weekly_report_compute(week=WEEK)


def test_outage_in_office_hours_counts_and_night_and_degraded_do_not(outage_week):
    row = outage_week.metrics["availability"]["coronamelder"]
    assert row["outage_minutes"] == 120
    assert row["open_minutes"] == OFFICE_WEEK_MINUTES
    assert row["measured_percent"] == round(100 * (1 - 120 / OFFICE_WEEK_MINUTES), 3)
    assert row["promised_percent"] == 99.5
    assert row["met"] is False
    assert row["components"]["backend"]["outage_minutes"] == 120
    assert row["components"]["website"]["outage_minutes"] == 30
    assert row["components"]["ggd-portaal"]["outage_minutes"] == 0
    assert row["components"]["middleware"]["outage_minutes"] == 0


def test_oplossing_ii_has_its_own_row_against_its_owners_sla(outage_week):
    row = outage_week.metrics["availability"]["oplossing-ii"]
    assert row["name"] == "Oplossing II"
    assert row["outage_minutes"] == 60
    assert row["measured_percent"] == round(100 * (1 - 60 / OFFICE_WEEK_MINUTES), 3)
    assert row["promised_percent"] == 99.5


def test_an_always_open_calendar_measures_real_time_and_nights_count(demo_user, at):
    agreement = Agreement.objects.get(reference="SLA-GGDGHOR-CIBG")
    agreement.calendar = ServiceCalendar.objects.get(name="24×7")
    agreement.save()
    major_outage(demo_user, at, "o2-applicatie", "high", (25, 22, 0), (25, 22, 30))
    with at(2026, 3, 30, 6, 0):
        row = weekly_report_compute(week=WEEK).metrics["availability"]["oplossing-ii"]
    assert row["outage_minutes"] == 30
    assert row["open_minutes"] == REAL_WEEK_MINUTES
    assert row["measured_percent"] == round(100 * (1 - 30 / REAL_WEEK_MINUTES), 3)
    assert row["met"] is True


def test_the_figure_is_the_same_when_the_week_is_recomputed_later(outage_week, at):
    with at(2026, 5, 4, 9, 0):
        again = weekly_report_compute(week=WEEK)
    assert again.metrics["availability"] == outage_week.metrics["availability"]


def test_the_weekly_page_csv_and_service_view_show_availability(client, demo_user, outage_week):
    client.force_login(demo_user("vws"))
    page = client.get(f"/reports/weekly/{WEEK.label}/").content.decode()
    assert 'id="report-availability"' in page
    measured = str(outage_week.metrics["availability"]["coronamelder"]["measured_percent"]).replace(".", ",")
    assert measured in page
    assert "Oplossing II" in page
    assert "/major-incidents/" in page

    exported = client.get(f"/reports/weekly/{WEEK.label}/?format=csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported), delimiter=";"))
    availability = {(line[2], line[3]): line[4] for line in lines if len(line) > 4 and line[1] == "availability"}
    assert availability["service:coronamelder", "outage_minutes"] == "120,0"
    assert availability["service:oplossing-ii", "outage_minutes"] == "60,0"
    assert availability["service:coronamelder", "met"] == "0"

    own = client.get(f"/reports/weekly/{WEEK.label}/?service=oplossing-ii").content.decode()
    table = own.split('id="report-availability"')[1].split("</table>")[0]
    assert "Oplossing II" in table
    assert "CoronaMelder" not in table


def test_the_availability_table_reads_outage_and_opening_time_in_hours(client, demo_user, outage_week):
    client.force_login(demo_user("vws"))
    page = client.get(f"/reports/weekly/{WEEK.label}/").content.decode()
    table = page.split('id="report-availability"')[1].split("</table>")[0]
    assert "tijd in storing" in table
    assert "minuten" not in table
    coronamelder = table.split("CoronaMelder</th>")[1].split("</tr>")[0]
    assert '<td class="figure">2 u</td>' in coronamelder  # 120 minutes of outage
    assert '<td class="figure">45 u</td>' in coronamelder  # the office week: 5 × 9 hours
    assert ">2700<" not in coronamelder


def test_the_owner_of_oplossing_ii_reads_its_own_availability(client, demo_user, outage_week):
    client.force_login(demo_user("ggdghor"))
    page = client.get(f"/reports/weekly/{WEEK.label}/")
    assert page.status_code == 200
    table = page.content.decode().split('id="report-availability"')[1].split("</table>")[0]
    assert "Oplossing II" in table
    assert "CoronaMelder" not in table


def test_the_monthly_summary_shows_availability_per_service(client, demo_user, outage_week, at):
    client.force_login(demo_user("vws"))
    with at(2026, 4, 2, 9, 0):
        page = client.get("/reports/monthly/2026-03/").content.decode()
        exported = client.get("/reports/monthly/2026-03/?format=json").json()
    assert 'id="report-availability"' in page
    assert exported["availability"]["coronamelder"]["outage_minutes"] == 120
    assert exported["availability"]["coronamelder"]["promised_percent"] == 99.5
    assert exported["availability"]["oplossing-ii"]["outage_minutes"] == 60
