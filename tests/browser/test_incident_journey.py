"""A GGD reporter and a CIBG operator work one incident from filing to confirmation, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Incident

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_reporter_files_operator_asks_reporter_answers_and_confirms(transactional_db, demo_chain, page, login):
    login("ggd")
    page.get_by_role("link", name="Storing melden").first.click()
    page.get_by_label("Wat is er aan de hand?").fill("Inloggen op het GGD-portaal lukt niet")
    page.get_by_label("Waar gaat het mis?").select_option(label="GGD-portaal")
    page.get_by_label("Een groep mensen of één GGD-regio").check()
    page.get_by_label("Het werk ligt stil").check()
    page.get_by_role("button", name="Melding versturen").click()

    expect(page.get_by_text(re.compile(r"Uw melding is ontvangen onder kenmerk INC-\d{4}-\d{6}"))).to_be_visible()
    reference = Incident.objects.get().reference
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    incident_url = page.url
    assert blocking_violations(page) == []
    log_out(page)

    login("cibg")
    page.get_by_role("link", name="Incidenten").first.click()
    page.get_by_role("link", name="Alle zichtbare").click()
    filters = page.locator("form.filters")
    filters.get_by_label("Status", exact=True).select_option("new")
    filters.get_by_role("button", name="Filteren").click()
    expect(page.locator("form.filters").get_by_label("Status", exact=True)).to_have_values(["new"])
    expect(page.locator("#incident-table")).to_contain_text(reference)
    page.get_by_role("link", name=reference).click()
    expect(page.locator("#sla-clocks")).to_contain_text("SLA-VWS-CIBG")
    triage = page.locator("form", has=page.get_by_role("button", name="Beoordeling vastleggen"))
    triage.get_by_label("Prioriteit afwijkend vaststellen").select_option("P1")
    triage.get_by_label("Reden").fill("Alle GGD-regio's melden dit")
    page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.get_by_text("Beoordeling vastgelegd.")).to_be_visible()
    expect(page.locator(".badge--major").first).to_have_text("Grote verstoring")

    assign = page.locator("form", has=page.get_by_role("button", name="Toewijzen"))
    assign.get_by_label("Toewijzen aan").select_option(label="CIBG")
    assign.get_by_label("Reden").fill("Het GGD-portaal beheren we zelf")
    assign.get_by_role("button", name="Toewijzen").click()
    expect(page.locator(".incident-status")).to_contain_text("Toegewezen")
    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.locator(".incident-status")).to_contain_text("In behandeling")
    hold = page.locator("form", has=page.get_by_role("button", name="In de wacht zetten"))
    hold.get_by_label("Wacht op", exact=True).select_option("reporter")
    hold.get_by_label("Waarop wacht u?").fill("Welke foutmelding ziet u precies?")
    hold.get_by_role("button", name="In de wacht zetten").click()
    expect(page.locator(".incident-status")).to_contain_text("Wacht op antwoord")
    expect(page.locator("#sla-clocks")).to_contain_text("gepauzeerd")
    assert blocking_violations(page) == []
    log_out(page)

    login("ggd")
    page.goto(incident_url)
    question = page.get_by_role("region", name="We hebben een vraag aan u")
    expect(question).to_contain_text("Welke foutmelding ziet u precies?")
    assert blocking_violations(page) == []
    question.get_by_label("Uw antwoord").fill("'Certificaat ongeldig' na het inloggen.")
    question.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator(".incident-status")).to_contain_text("In behandeling")
    expect(page.get_by_text("KPN")).to_have_count(0)
    log_out(page)

    login("cibg")
    page.goto(incident_url)
    expect(page.get_by_text("'Certificaat ongeldig' na het inloggen.")).to_be_visible()
    resolve = page.locator("form", has=page.get_by_role("button", name="Oplossen"))
    resolve.get_by_label("Oplossingscode").select_option("configuration")
    resolve.get_by_label("Oplossing (de melder leest dit)").fill("Het certificaat van het portaal is vervangen.")
    resolve.get_by_role("button", name="Oplossen").click()
    expect(page.locator(".incident-status")).to_contain_text("Opgelost")
    log_out(page)

    login("ggd")
    page.goto(incident_url)
    expect(page.get_by_text("Het certificaat van het portaal is vervangen.")).to_be_visible()
    page.get_by_role("button", name="Ja, het werkt weer").click()
    expect(page.get_by_text("Bedankt voor uw bevestiging. Het incident is gesloten.")).to_be_visible()
    expect(page.locator(".incident-status")).to_contain_text("Gesloten")
    page.screenshot(path=str(screenshot_path("incident-journey")), full_page=True)

    incident = Incident.objects.get()
    assert incident.status == "closed"
    assert incident.priority == "P1"
    assert incident.hold_periods.get().ended_at is not None
