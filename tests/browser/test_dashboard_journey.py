"""The VWS viewer checks a number on the governance dashboard, reads the weekly report and downloads the CSV."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from core.weeks import Week
from governance.reports.services import weekly_report_compute
from incidents import services
from parties.models import Component, Party
from tests.spreadsheets import read_records

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser


@pytest.fixture
def breached_last_week(transactional_db, demo_chain, demo_user):
    """A P1 incident filed a week ago, routed to KPN and resolved too late; last week computed."""
    week = Week.last_completed()
    with time_machine.travel(week.start.replace(hour=10), tick=False):
        incident = services.incident_file(
            actor=demo_user("ggd"),
            title="Sleutels worden niet verwerkt",
            component=Component.objects.get(slug="hsm"),
            impact="high",
            urgency="high",
        )
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Hosting"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
    with time_machine.travel(week.start.replace(hour=18), tick=False):
        services.incident_resolve(
            actor=demo_user("kpn"), incident=incident, resolution_code="fixed", resolution="Opnieuw gestart"
        )
    weekly_report_compute(week=week)
    return {"week": week, "incident": incident}


def test_viewer_follows_a_figure_to_its_incidents_and_downloads_the_weekly_report(breached_last_week, page, login):
    week, incident = breached_last_week["week"], breached_last_week["incident"]
    login("vws")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Governance-dashboard")
    assert blocking_violations(page) == []

    compliance = page.locator("#party-compliance")
    expect(compliance).to_contain_text("KPN")
    compliance.get_by_role("row", name="CIBG").get_by_role("link", name="0,0%").click()
    # The figure opens the records of the stored week it was counted from, named by figure, party and week.
    heading = re.compile(rf"Oplosnorm gehaald %\s*: CIBG, {week.label}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#incident-table")).to_contain_text(incident.reference)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name=f"Weekrapport {week.label}").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Weekrapport {week.label}")
    attribution = page.get_by_role("region", name="Overschrijdingen van de SLA: wie hield het incident vast")
    expect(attribution).to_contain_text(incident.reference)
    expect(attribution).to_contain_text("KPN")
    # The missed target is named, the time in words (hours and working days), and no English jargon is shown.
    expect(attribution).to_contain_text("oplosnorm")
    expect(attribution).to_contain_text(re.compile(r"\d+ (u|min|werkdag)"))
    body = page.locator("main").inner_text()
    for jargon in ("change failure rate", "Major incident", "z = "):
        assert jargon not in body
    assert blocking_violations(page) == []
    page.screenshot(path=str(screenshot_path("weekly-report")), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"regie-weekrapport-{week.label}.csv"
    rows = read_records(download.path().read_bytes())
    figures = {(row["rubriek"], row["groep"], row["maat"]): row["waarde"] for row in rows}
    assert figures[("incidents", "total", "opened")] == "1"
    assert figures[("incidents", "total", "breaches")] == "1"
