"""A member of the public checks the status page, on a desktop and on a phone, without logging in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from parties.models import Component
from tests.factories import ChangeFactory, IncidentFactory, scheduled

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser


@pytest.fixture
def outage_and_maintenance(transactional_db, demo_chain):
    IncidentFactory(
        component=Component.objects.get(slug="ios-app"),
        impact="high",
        urgency="high",
        title="Geheime titel van het incident",
    )
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    scheduled(ChangeFactory(title="Geheime titel van de wijziging", proposed_start=start), "high")


def test_anyone_sees_the_outage_the_maintenance_and_the_feed(outage_and_maintenance, page, live_server):
    page.goto(f"{live_server.url}/status/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Status van CoronaMelder")
    expect(page.locator("#status-summary")).to_have_text("Er is een storing.")
    expect(page.locator("#current-disruptions")).to_contain_text("Storing App op iPhone")

    maintenance = page.get_by_role("region", name="Gepland onderhoud")
    expect(maintenance).to_contain_text("Servers en netwerk")
    expect(maintenance).to_contain_text("Het onderdeel is tijdens het onderhoud (deels) niet te gebruiken.")

    # The day history in words, for whoever does not see the colours.
    iphone = page.locator(".status-component").filter(has_text="App op iPhone")
    expect(iphone.locator(".status-history .status-day:visible")).to_have_count(90)  # the last 90 days, one box each
    expect(iphone.locator(".status-history__text")).to_contain_text("1 dag(en) met een storing")
    iphone.get_by_text("Dagen met een verstoring").click()
    expect(iphone.locator("details li")).to_have_count(1)
    expect(page.get_by_text("Geheime titel")).to_have_count(0)
    assert blocking_violations(page) == []
    page.screenshot(path=str(screenshot_path("status-page")), full_page=True)

    page.get_by_role("link", name="Volg wijzigingen via de Atom-feed").click()
    expect(page.locator("body")).to_contain_text("App op iPhone: Storing")


def test_the_status_page_fits_a_phone_and_passes_axe_there(outage_and_maintenance, browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL", is_mobile=True)
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}/status/")
        expect(phone.locator("#status-summary")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The row shows the last 30 days, today's outage among them; the words still cover all 90.
        iphone = phone.locator(".status-component").filter(has_text="App op iPhone")
        expect(iphone.locator(".status-day:visible")).to_have_count(30)
        expect(iphone.locator(".status-day--outage")).to_be_visible()
        assert blocking_violations(phone) == []
        phone.screenshot(path=str(screenshot_path("status-page-phone")), full_page=True)
    finally:
        context.close()
