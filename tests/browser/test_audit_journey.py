"""The audit page in a real browser: VWS finds a change through the navigation, filters it, downloads the CSV;
the page runs without a Content-Security-Policy violation."""

import pytest
from playwright.sync_api import expect

from parties import services as party_services
from parties.models import Component
from tests.spreadsheets import read_records

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser


def test_viewer_filters_the_audit_trail_and_downloads_it(transactional_db, demo_user, page, login, live_server):
    party_services.component_save(
        actor=demo_user("kpn"),
        reason="Nieuwe omschrijving van de servers",
        component=Component.objects.get(slug="infrastructuur"),
        description="Servers en netwerk bij KPN",
    )
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    login("vws")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit")

    page.get_by_label("Persoon").select_option("kpn")
    page.get_by_label("Soort record").select_option("parties.component")
    page.get_by_role("button", name="Filteren").click()

    rows = page.locator("#audit-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nieuwe omschrijving van de servers")
    expect(rows.first).to_contain_text("KPN")
    expect(rows.first).to_contain_text("Omschrijving")
    expect(rows.first.get_by_role("link", name="Backend-infrastructuur")).to_have_attribute(
        "href", "/components/infrastructuur/"
    )
    assert blocking_violations(page) == []
    page.screenshot(path=str(screenshot_path("audit-journey")), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als CSV").click()
    (row,) = read_records(download_info.value.path().read_bytes())  # as Dutch Excel reads it
    assert (row["model"], row["gebruiker"], row["handeling"], row["gewijzigde velden"]) == (
        "parties.component",
        "kpn",
        "gewijzigd",
        "description",
    )
    assert row["tijd (UTC)"].endswith("+00:00")
    assert violations == []


def test_an_operator_has_no_audit_link_and_gets_the_portals_not_found_page(
    transactional_db, demo_chain, page, login, live_server, settings
):
    assert settings.DEBUG is False  # as in production: the portal's own page, not Django's technical one
    login("kpn")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Audit")).to_have_count(0)
    response = page.goto(f"{live_server.url}/audit/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_text("Controleer het adres of het kenmerk")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Incidenten")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Not Found")
    assert blocking_violations(page) == []
