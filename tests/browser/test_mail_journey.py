"""An operator asks the reporter a question; she learns of it from the mail a real SMTP server received,
follows its link, logs in, answers, and the operator sees the answer on the incident."""

import re

import pytest
from playwright.sync_api import expect

from incidents import services
from parties.models import Component, Party
from tests.factories import IncidentFactory

from .accessibility import blocking_violations
from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_the_reporter_answers_a_question_she_learned_of_by_mail(
    transactional_db, demo_chain, demo_user, page, login, live_server, settings, smtp_server
):
    settings.PORTAL_URL = live_server.url
    smtp_server.start()
    incident = IncidentFactory(
        actor=demo_user("ggd"), title="Inloggen lukt niet", component=Component.objects.get(slug="hsm")
    )
    services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Naar kpn"
    )
    services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)

    login("kpn")
    page.goto(f"{live_server.url}/incidents/{incident.reference}/")
    hold = page.locator("form", has=page.get_by_role("button", name="In de wacht zetten"))
    hold.get_by_label("Wacht op", exact=True).select_option("reporter")
    hold.get_by_label("Waarop wacht u?").fill("Welke foutmelding ziet u precies?")
    hold.get_by_role("button", name="In de wacht zetten").click()
    expect(page.locator(".incident-status")).to_contain_text("Wacht op antwoord")
    log_out(page)

    (mail,) = smtp_server.inbox.to(demo_user("ggd").email)
    assert mail["Subject"] == f"[{incident.reference}] Er is een vraag over uw melding"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/incidents/\S+/", text).group(0)
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert f'href="{link}"' in html

    page.goto(link)
    page.get_by_label("Gebruikersnaam").fill("ggd")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(link)
    question = page.get_by_role("region", name="We hebben een vraag aan u")
    assert blocking_violations(page) == []
    question.get_by_label("Uw antwoord").fill("'Certificaat ongeldig' na het inloggen.")
    question.get_by_role("button", name="Antwoord versturen").click()
    expect(page.locator(".incident-status")).to_contain_text("In behandeling")
    log_out(page)

    login("kpn")
    page.goto(link)
    expect(page.get_by_text("'Certificaat ongeldig' na het inloggen.")).to_be_visible()
    subjects = [mail["Subject"] for mail in smtp_server.inbox.to(demo_user("kpn").email)]
    assert subjects == [
        f"[{incident.reference}] Incident toegewezen aan uw partij: Inloggen lukt niet",
        f"[{incident.reference}] De melder heeft geantwoord: Inloggen lukt niet",
    ]
