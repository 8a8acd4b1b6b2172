"""The dispatcher finds a new incident on "Wat wacht op mij", routes it, and the operator party finds it waiting
for acknowledgement on its own home page, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.factories import IncidentFactory

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser
NO_CONTRACT = "(geen contract voor dit onderdeel: geen partijklok)"


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_dispatcher_routes_a_new_incident_and_the_party_sees_it_waiting(transactional_db, demo_chain, page, login):
    incident = IncidentFactory(title="Certificaat van de HSM verlopen")

    login("cibg")
    new = page.locator("#waiting-new")
    expect(new.get_by_role("heading")).to_contain_text("Nieuwe incidenten, nog niet toegewezen")
    expect(new.locator(".badge--count")).to_have_text("1")
    expect(page.locator("#waiting-count")).to_contain_text("1")
    assert blocking_violations(page) == []
    new.get_by_role("link", name=incident.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(incident.reference)
    assign = page.locator("form", has=page.get_by_role("button", name="Toewijzen"))
    # Only the parties the rules allow; one without a contract for the component says so beforehand.
    offered = assign.get_by_label("Toewijzen aan")
    expect(offered.locator("option", has_text="VWS")).to_have_count(0)
    expect(offered.locator("option", has_text="GGD GHOR")).to_have_count(0)
    expect(offered.locator("option", has_text="DICTU")).to_have_text(f"DICTU AppLoket {NO_CONTRACT}")
    assign.get_by_label("Toewijzen aan").select_option(label="KPN")
    assign.get_by_label("Reden").fill("KPN host de HSM's")
    assign.get_by_role("button", name="Toewijzen").click()
    expect(page.locator(".incident-status")).to_contain_text("Toegewezen")
    page.get_by_role("link", name="Wat wacht op mij").click()
    expect(page.locator("#waiting-new")).to_contain_text("Niets dat op u wacht.")
    log_out(page)

    login("kpn")
    waiting = page.locator("#waiting-to_acknowledge")
    expect(waiting.get_by_role("link", name=incident.reference)).to_be_visible()
    waiting.get_by_role("link", name="Toegewezen aan mijn partij, nog niet in behandeling").click()
    expect(page.locator("#incident-table")).to_contain_text(incident.reference)
    expect(page.get_by_text("Wat wacht op mij: Toegewezen aan mijn partij, nog niet in behandeling")).to_be_visible()
    assert blocking_violations(page) == []
    page.screenshot(path=str(screenshot_path("inbox-journey")), full_page=True)


def test_assigning_to_a_party_without_a_contract_says_that_no_party_clock_runs(
    transactional_db, demo_chain, page, login
):
    incident = IncidentFactory(title="Certificaat van de HSM verlopen")

    login("cibg")
    page.locator("#waiting-new").get_by_role("link", name=incident.reference).click()
    assign = page.locator("form", has=page.get_by_role("button", name="Toewijzen"))
    assign.get_by_label("Toewijzen aan").select_option(label=f"DICTU AppLoket {NO_CONTRACT}")
    assign.get_by_label("Reden").fill("DICTU kijkt mee")
    assign.get_by_role("button", name="Toewijzen").click()

    expect(page.locator(".incident-status")).to_contain_text("Toegewezen")
    expect(page.locator("#no-party-clock")).to_have_text(
        "DICTU AppLoket heeft geen contract voor dit onderdeel: er loopt geen partijklok. "
        "Alleen de SLA-klok van de keten meet dit incident."
    )
    assert blocking_violations(page) == []
