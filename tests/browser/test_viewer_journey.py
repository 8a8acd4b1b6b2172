"""The VWS viewer's journey through the chain pages, in a real browser."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from incidents import services
from incidents.services.background import check_sla_clocks
from parties.models import Component
from tests.timetravel import local

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser

HSM = "HSM-implementatie en certificaten"
WEBSITE = "Website coronamelder.nl"


def matrix_row(page, component: str):
    """The row of one component in the responsibility matrix; its cells are operated, hosted, monitored, agreements."""
    matrix = page.locator("#responsibility-matrix")
    return matrix.locator("tbody tr").filter(has=page.get_by_role("link", name=component, exact=True))


def test_viewer_follows_responsibilities_back_in_time_to_party_history(transactional_db, demo_chain, page, login):
    login("vws")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Vera Willems")

    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Verantwoordelijkheden")).to_be_visible()
    expect(nav.get_by_role("link", name="Beheer")).to_have_count(0)

    nav.get_by_role("link", name="Verantwoordelijkheden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verantwoordelijkheden")

    hsm = matrix_row(page, HSM)
    expect(hsm).to_have_count(1)
    expect(hsm.get_by_role("cell").nth(0)).to_have_text("JustID")
    expect(hsm.get_by_role("cell").nth(1)).to_have_text("KPN")
    expect(matrix_row(page, WEBSITE).get_by_role("cell").nth(2)).to_have_text("Securitypartij website (naam onbekend)")
    assert blocking_violations(page) == []

    page.get_by_label("Stand per").fill("2021-01-15")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"as_of=2021-01-15"))
    expect(page.locator(".notice")).to_contain_text("15 januari 2021")
    expect(matrix_row(page, WEBSITE).get_by_role("cell").nth(2)).to_have_text("KDNV")

    hsm.get_by_role("cell").nth(0).get_by_role("link", name="JustID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("JustID")

    history = page.get_by_role("region", name="Historie")
    expect(history).to_be_visible()
    expect(history.get_by_role("table")).to_contain_text("Demo-gegevens: keten CoronaMelder")
    expect(history.get_by_role("table")).to_contain_text("Bram Eekhof")
    assert blocking_violations(page) == []

    page.screenshot(path=str(screenshot_path("viewer-journey")), full_page=True)


def test_viewer_switches_language_to_english(transactional_db, demo_chain, page, login, live_server):
    login("vws")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wissel taal").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")  # set_language sends the viewer back where they were
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav.get_by_role("link", name="Responsibilities")).to_be_visible()
    # Each language is named in its own language.
    expect(page.get_by_label("Language").locator("option")).to_have_text(["Nederlands", "English"])
    assert blocking_violations(page) == []

    page.goto(f"{live_server.url}/incidents/?scope=all")
    expect(page.get_by_role("heading", level=1)).to_have_text("Incidents")
    sort = page.locator("form.filters").get_by_label("Sort by")
    expect(sort.locator("option", has_text="Reported on (newest first)")).to_have_count(1)
    expect(page.locator("form.filters")).not_to_contain_text("Sorteren")
    assert blocking_violations(page) == []


def test_viewer_reads_the_readiness_colours_from_their_legend(transactional_db, demo_chain, page, login, live_server):
    login("vws")
    page.goto(f"{live_server.url}/readiness/")
    legend = page.locator("#readiness-legend")
    expect(legend).to_contain_text("Betekenis van de kleuren:")
    statuses = legend.locator(".readiness-status")
    expect(statuses).to_have_text(["Niet gestart", "Bezig", "Gereed", "Niet van toepassing"])
    colours = {status.evaluate("element => getComputedStyle(element).backgroundColor") for status in statuses.all()}
    assert len(colours) == 4  # each status its own colour
    assert blocking_violations(page) == []


def test_the_english_portal_shows_the_clock_checks_history_reason_in_english(
    transactional_db, demo_chain, demo_user, page, login, live_server
):
    # A P1 nobody answers: the periodic clock check records its breaches with the stored reason "Normbewaking".
    with time_machine.travel(local(2026, 3, 4, 10, 0), tick=False):
        incident = services.incident_file(
            actor=demo_user("ggd"),
            title="App meldt geen besmettingen",
            component=Component.objects.get(slug="ios-app"),
            impact="high",
            urgency="high",
        )
    with time_machine.travel(local(2026, 3, 6, 10, 0), tick=False):
        assert check_sla_clocks()
    login("cibg")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wissel taal").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{live_server.url}/incidents/{incident.reference}/")
    history = page.locator("main")
    expect(history).to_contain_text("Target monitoring")
    expect(history).not_to_contain_text("Normbewaking")
    assert blocking_violations(page) == []
