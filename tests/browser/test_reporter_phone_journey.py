"""A GGD reporter on a phone (390 × 844): she files an incident, finds her list with what waits for her on top,
reads when it should be resolved, and confirms a resolution; and she can file with the keyboard alone."""

import re

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from incidents import services
from incidents.models import Incident, Status
from tests.factories import IncidentFactory

from .accessibility import blocking_violations
from .conftest import DEMO_PASSWORD, screenshot_path

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-NL", has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, username="ggd"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")


def fits_the_phone(page) -> None:
    """Nothing scrolls sideways, and the header leaves most of the first screen to the page."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    assert page.locator(".site-header").bounding_box()["height"] <= PHONE["height"] / 6, page.url
    assert blocking_violations(page) == [], page.url


def day(instant) -> str:
    return formats.date_format(timezone.localtime(instant), "l j F")


@pytest.fixture
def her_incidents(demo_user):
    """Four incidents of hers: one closed, one quietly open, one with a question for her, one resolved."""
    cibg, ggd = demo_user("cibg"), demo_user("ggd")
    closed = IncidentFactory(actor=ggd, title="App toonde oude cijfers", assigned_to="cibg", acknowledged=True)
    closed = services.incident_resolve(actor=cibg, incident=closed, resolution_code="fixed", resolution="Hersteld")
    closed = services.incident_confirm(actor=ggd, incident=closed)
    question = IncidentFactory(actor=ggd, title="Codes komen niet aan", assigned_to="cibg", acknowledged=True)
    question = services.incident_hold(
        actor=cibg, incident=question, waiting_for="reporter", waiting_for_party=None, reason="Welke regio?"
    )
    resolved = IncidentFactory(actor=ggd, title="Portaal traag", assigned_to="cibg", acknowledged=True)
    resolved = services.incident_resolve(
        actor=cibg, incident=resolved, resolution_code="configuration", resolution="Cache vergroot"
    )
    quiet = IncidentFactory(actor=ggd, title="Logo onscherp")
    return {"closed": closed, "question": question, "resolved": resolved, "quiet": quiet}


def test_the_reporter_files_and_follows_her_incidents_on_a_phone(
    transactional_db, demo_chain, her_incidents, phone, live_server
):
    page = phone
    sign_in(page, live_server)
    fits_the_phone(page)

    page.get_by_role("link", name="Mijn meldingen", exact=True).click()
    page.wait_for_url(f"{live_server.url}/incidents/")
    fits_the_phone(page)
    rows = page.locator("#incident-table tbody tr")
    # What waits for her first (the newest first among them), then the open one, then the finished one.
    order = ["resolved", "question", "quiet", "closed"]
    expect(rows).to_have_count(4)
    for position, name in enumerate(order):
        expect(rows.nth(position)).to_contain_text(her_incidents[name].reference)
    expect(rows.nth(0).locator(".flag")).to_have_text("Graag uw bevestiging")
    expect(rows.nth(1).locator(".flag")).to_have_text("Wacht op uw antwoord")
    expect(rows.nth(2).locator(".flag")).to_have_count(0)
    # Status and date stay on the screen.
    for cell in (rows.nth(0).locator("td").nth(1), rows.nth(0).locator("td").last):
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]

    filters = page.locator("form.filters")
    expect(filters.locator("select[multiple]")).to_have_count(0)
    expect(filters).not_to_contain_text("Onbekend")
    expect(filters.locator("option").filter(has_text=re.compile(r"^\s*(Ja|Nee)\s*$"))).to_have_count(0)
    expect(filters.locator("input[type=text], input[type=search], input:not([type])")).to_have_count(0)
    expect(filters.get_by_label("Volgorde").locator("option")).to_have_text(
        ["Nieuwste eerst", "Oudste eerst", "Hoogste prioriteit eerst"]
    )
    expect(filters.get_by_label("Onderdeel").locator("option").first).to_have_text("Alle onderdelen")
    filters.get_by_label("Afgerond").check()
    filters.get_by_role("button", name="Toon meldingen").click()
    expect(rows).to_have_count(2)
    expect(page.locator("#incident-table")).not_to_contain_text(her_incidents["quiet"].reference)
    page.locator("form.filters").get_by_label("Open", exact=True).check()
    page.locator("form.filters").get_by_label("Onderdeel").select_option(label="Beveiligde sleutels en certificaten")
    page.locator("form.filters").get_by_role("button", name="Toon meldingen").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(her_incidents["question"].reference)
    fits_the_phone(page)

    page.get_by_role("link", name="Storing melden").first.click()
    page.wait_for_url(f"{live_server.url}/incidents/new/")
    fits_the_phone(page)
    page.get_by_label("Wat is er aan de hand?").fill("Inloggen op het GGD-portaal lukt niet")
    page.get_by_label("Waar gaat het mis?").select_option(label="GGD-portaal")
    page.get_by_label("Een groep mensen of één GGD-regio").check()
    page.get_by_label("Het werk gaat moeizaam").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_text(re.compile(r"Uw melding is ontvangen onder kenmerk INC-"))).to_be_visible()
    filed = Incident.objects.get(title="Inloggen op het GGD-portaal lukt niet")
    expect(page.locator("#outlook")).to_have_text(
        f"We verwachten dit uiterlijk {day(filed.due_at)} opgelost te hebben."
    )
    expect(page.locator("main")).not_to_contain_text(re.compile(r"\b(norm|SLA)\b", re.IGNORECASE))
    expect(page.get_by_role("heading", name="Acties")).to_have_count(0)
    expect(page.get_by_role("heading", name="Iets toevoegen aan uw melding")).to_be_visible()
    fits_the_phone(page)

    resolved = her_incidents["resolved"]
    page.goto(f"{live_server.url}/incidents/{resolved.reference}/")
    choice = page.get_by_role("region", name="Is het probleem opgelost?")
    expect(choice.locator("#closes-on")).to_have_text(
        f"Reageert u niet, dan sluit deze melding vanzelf op {day(services.auto_close_at(resolved))}, "
        "vijf werkdagen na de oplossing."
    )
    confirm = choice.get_by_role("button", name="Ja, het werkt weer")
    reopen = choice.get_by_role("button", name="Nee, heropen het incident")
    for button in (confirm, reopen):
        expect(button).to_be_visible()
        assert button.bounding_box()["height"] >= 44  # a thumb's worth
    expect(page.get_by_role("heading", name="Acties")).to_have_count(0)
    fits_the_phone(page)
    page.screenshot(path=str(screenshot_path("reporter-phone-resolution")), full_page=True)
    confirm.click()
    expect(page.locator(".incident-status")).to_contain_text("Gesloten")
    assert Incident.objects.get(pk=resolved.pk).status == Status.CLOSED


def tab_to(page, selector: str, presses: int = 60) -> None:
    """Press Tab until the focus is on an element matching `selector`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_reporter_files_an_incident_with_the_keyboard_alone(transactional_db, demo_chain, phone, live_server):
    page = phone
    sign_in(page, live_server)

    tab_to(page, "a[href='/incidents/new/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Storing melden")
    assert blocking_violations(page) == []
    tab_to(page, "#id_title")
    page.keyboard.type("Codes komen niet aan")
    tab_to(page, "#id_component")
    page.keyboard.type("GGD-portaal")
    tab_to(page, "input[name=impact]")
    page.keyboard.press("ArrowDown")  # the second choice: a group of people or one GGD region
    tab_to(page, "input[name=urgency]")
    page.keyboard.press("Space")  # the first choice: the work has stopped
    tab_to(page, "#id_description")
    page.keyboard.type("Sinds 9 uur krijgt niemand in onze regio een code.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_text(re.compile(r"Uw melding is ontvangen onder kenmerk INC-"))).to_be_visible()
    incident = Incident.objects.get()
    assert (incident.title, incident.component.slug, incident.impact, incident.urgency) == (
        "Codes komen niet aan",
        "ggd-portaal",
        "medium",
        "high",
    )
    assert incident.description == "Sinds 9 uur krijgt niemand in onze regio een code."
