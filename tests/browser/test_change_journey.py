"""A normal change from request to calendar, in a real browser: an operator submits it, the System
Architect assesses it, the Product Owner ranks it, approves it and schedules it."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from changes import services
from changes.models import ChangeRequest
from parties.models import Component, Party

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser
TITLE = "Firewallregels backend aanpassen"


@pytest.fixture
def earlier_change(demo_user):
    """Someone else's change already in the backlog, so the new one lands second."""
    return services.change_create(
        actor=demo_user("dictu"),
        requesting_party=Party.objects.get(slug="dictu"),
        components=[Component.objects.get(slug="ios-app")],
        submit=True,
        change_type="normal",
        title="iOS-app versie 3.0",
        motivation="Nieuwe functies",
        implementation_plan="Uitrollen via de App Store",
        rollback_plan="Vorige versie terugzetten",
        test_evidence="TestFlight",
        proposed_start=datetime(2030, 3, 10, 8, 0, tzinfo=UTC),
        proposed_end=datetime(2030, 3, 10, 10, 0, tzinfo=UTC),
    )


def test_a_normal_change_goes_from_request_to_the_calendar(
    transactional_db, demo_chain, earlier_change, page, login, live_server
):
    login("kpn")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijzigingen").click()
    page.get_by_role("link", name="Wijziging aanvragen").click()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Normaal").check()
    page.get_by_label("Backend-infrastructuur", exact=True).check()
    page.get_by_label("Motivatie").fill("Nieuwe koppeling met de GGD-systemen")
    page.get_by_label("Uitvoeringsplan").fill("Regels toevoegen en controleren")
    page.get_by_label("Terugvalplan").fill("Regels verwijderen")
    page.get_by_label("Testbewijs").fill("Getest op acceptatie")
    page.get_by_label("Voorgesteld begin").fill("2030-03-04T20:00")
    page.get_by_label("Voorgesteld einde").fill("2030-03-04T22:00")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator(".status").first).to_have_text("Ingediend")
    assert blocking_violations(page) == []
    change = ChangeRequest.objects.get(title=TITLE)
    detail_url = f"{live_server.url}/changes/{change.pk}/"

    login("architect")
    page.goto(detail_url)
    assessment = page.get_by_role("form", name="Risico beoordelen")
    assessment.get_by_label("Geen: burgers merken niets").check()
    assessment.get_by_label("Het terugvalplan is getest").check()
    assessment.get_by_label("Deze wijziging is eerder zo uitgevoerd").check()
    assessment.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.locator(".status").first).to_have_text("Beoordeeld")
    expect(page.get_by_role("region", name="Risicobeoordeling")).to_contain_text("Laag")

    login("po")
    page.goto(f"{live_server.url}/changes/board/")
    cards = page.locator(".board__card")
    expect(cards.first).to_contain_text("iOS-app versie 3.0")
    page.get_by_role("button", name=f"{change.reference} omhoog").click()
    expect(cards.first).to_contain_text(TITLE)
    assert blocking_violations(page) == []

    cards.first.get_by_role("link", name=change.reference).click()
    page.get_by_role("button", name="Ter goedkeuring aanbieden").click()
    expect(page.locator(".status").first).to_have_text("Wacht op goedkeuring")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".status").first).to_have_text("Goedgekeurd")
    page.get_by_role("form", name="Inplannen").get_by_role("button", name="Inplannen").click()
    expect(page.locator(".status").first).to_have_text("Ingepland")

    page.goto(f"{live_server.url}/changes/calendar/?month=2030-03")
    calendar = page.locator("#change-calendar")
    expect(calendar.get_by_role("link", name=change.reference)).to_be_visible()
    expect(page).to_have_url(re.compile(r"month=2030-03"))
    assert blocking_violations(page) == []
    page.screenshot(path=str(screenshot_path("change-journey")), full_page=True)
