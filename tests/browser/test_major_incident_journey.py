"""One outage, five reports: CIBG declares a major incident and links the reports, an update reaches all five
reporters through a real SMTP server and anyone on the status page, the resolution resolves all five, and the major
incident closes only once its review is filed."""

import re

import pytest
from playwright.sync_api import expect

from incidents import services
from incidents.models import Incident, Status
from majorincidents.models import MajorIncident, MajorStatus
from parties.models import Component, Party, Role
from tests.factories import IncidentFactory, RoleAssignmentFactory, UserFactory

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_a_major_incident_from_five_reports_to_its_review(
    transactional_db, demo_chain, demo_user, page, login, live_server, settings, smtp_server
):
    settings.PORTAL_URL = live_server.url
    smtp_server.start()
    ggd = Party.objects.get(slug="ggd-ghor")
    reporters = [demo_user("ggd")] + [
        RoleAssignmentFactory(user=UserFactory(username=f"melder{n}"), party=ggd, role=Role.REPORTER).user
        for n in range(2, 6)
    ]
    backend = Component.objects.get(slug="backend")
    reports = [
        IncidentFactory(
            actor=reporter, title=f"Inloggen lukt niet ({n})", component=backend, impact="high", urgency="high"
        )
        for n, reporter in enumerate(reporters, start=1)
    ]
    first, others = reports[0], reports[1:]

    # CIBG declares the first report a major incident, with Chantal as coordinator.
    login("cibg")
    page.goto(f"{live_server.url}/incidents/{first.reference}/")
    page.get_by_role("region", name="Grote verstoring").get_by_role("link", name="Grote verstoring uitroepen").click()
    declare = page.locator("#form-declare")
    declare.get_by_label("Openbare titel").fill("Inloggen op het GGD-portaal lukt niet")
    declare.get_by_label("Coördinator (CIBG)").select_option(label="Chantal Bakker")
    declare.get_by_label("Waarom is dit een grote verstoring").fill("Vijf GGD's melden hetzelfde")
    declare.get_by_role("button", name="Grote verstoring uitroepen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inloggen op het GGD-portaal lukt niet")
    expect(page.locator("#next-update")).to_be_visible()  # the SLA asks an update every 30 minutes for a P1

    # The other four reports are linked to it.
    link = page.locator("#form-link_report")
    for report in others:
        link.get_by_label("Melding (kenmerk)").fill(report.reference)
        link.get_by_label("Waarom hoort de melding erbij").fill("Zelfde storing")
        link.get_by_role("button", name="Koppelen").click()
        expect(page.locator("#linked-reports")).to_contain_text(report.reference)

    # A scheduled update to the reporters: its public text, never the internal one.
    update = page.locator("#form-post_update")
    update.get_by_label("Geplande update").check()
    update.get_by_label("Melders (GGD) van de gekoppelde meldingen").check()
    update.get_by_label("Publiek (statuspagina)").check()
    update.get_by_label("Openbare tekst (melders en publiek)").fill(
        "We hebben de oorzaak gevonden en werken aan herstel."
    )
    update.get_by_label("Interne tekst (keten en VWS)").fill("Database bij KPN vol; Karim ruimt op")
    update.get_by_role("button", name="Update versturen").click()
    expect(page.locator("#communication-log")).to_contain_text("We hebben de oorzaak gevonden")
    log_out(page)

    # Anyone reads the public text on the status page and in its feed, at once; the internal text never.
    page.goto(f"{live_server.url}/status/")
    major_section = page.get_by_role("region", name="Grote storingen")
    expect(major_section).to_contain_text("Inloggen op het GGD-portaal lukt niet")
    expect(major_section).to_contain_text("We hebben de oorzaak gevonden en werken aan herstel.")
    expect(page.locator("#status-summary")).to_have_text("Er is een storing.")
    expect(page.get_by_text("Karim")).to_have_count(0)
    expect(page.get_by_text(first.reference)).to_have_count(0)
    assert blocking_violations(page) == []
    page.screenshot(path=str(screenshot_path("status-page-major-incident")), full_page=True)
    page.get_by_role("link", name="Volg wijzigingen via de Atom-feed").click()
    feed = page.locator("body")
    expect(feed).to_contain_text("Storing: Inloggen op het GGD-portaal lukt niet")
    expect(feed).to_contain_text("We hebben de oorzaak gevonden en werken aan herstel.")
    expect(feed).not_to_contain_text("Database bij KPN vol")

    for reporter, report in zip(reporters, reports, strict=True):
        (mail,) = smtp_server.inbox.to(reporter.email)
        assert mail["Subject"] == f"[{report.reference}] Bericht over de storing waar uw melding bij hoort"
        text = mail.get_body(preferencelist=("plain",)).get_content()
        assert "We hebben de oorzaak gevonden en werken aan herstel." in text
        assert "KPN" not in text
        assert "Karim" not in text
        assert f"/incidents/{report.reference}/" in text

    # The reporter follows the link and reads the update on her own report.
    link_in_mail = re.search(
        r"https?://\S+/incidents/\S+/",
        smtp_server.inbox.to(reporters[1].email)[0].get_body(preferencelist=("plain",)).get_content(),
    ).group(0)
    page.goto(link_in_mail)
    page.get_by_label("Gebruikersnaam").fill(reporters[1].username)
    page.get_by_label("Wachtwoord").fill("secret-password")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(link_in_mail)
    expect(page.get_by_role("region", name="Berichten over de storing")).to_contain_text(
        "We hebben de oorzaak gevonden"
    )
    expect(page.get_by_text("Karim")).to_have_count(0)
    log_out(page)

    # KPN resolves the outage; all five reports are resolved with its resolution.
    services.incident_assign(actor=demo_user("cibg"), incident=first, party=Party.objects.get(slug="kpn"), reason="KPN")
    services.incident_acknowledge(actor=demo_user("kpn"), incident=first)
    login("kpn")
    page.goto(f"{live_server.url}/incidents/{first.reference}/")
    resolve = page.locator("form", has=page.get_by_role("button", name="Oplossen"))
    resolve.get_by_label("Oplossingscode").select_option("fixed")
    resolve.get_by_label("Oplossing (de melder leest dit)").fill("De database is opgeschoond; inloggen werkt weer.")
    resolve.get_by_role("button", name="Oplossen").click()
    expect(page.locator(".incident-status")).to_contain_text("Opgelost")
    log_out(page)
    assert set(Incident.objects.filter(pk__in=[r.pk for r in reports]).values_list("status", flat=True)) == {
        Status.RESOLVED
    }
    for reporter in reporters:
        assert any("opgelost" in mail["Subject"] for mail in smtp_server.inbox.to(reporter.email))

    # CIBG stands it down; it closes only once the review is filed.
    major = MajorIncident.objects.get(incident=first)
    login("cibg")
    page.goto(f"{live_server.url}/major-incidents/{major.pk}/")
    stand_down = page.locator("#form-stand_down")
    stand_down.get_by_label("Reden").fill("Storing voorbij")
    stand_down.get_by_role("button", name="Afschalen").click()
    expect(page.locator("#review-required")).to_be_visible()
    close = page.locator("#form-close")
    close.get_by_label("Reden").fill("Klaar")
    close.get_by_role("button", name="Sluiten").click()
    expect(page.get_by_text("Een grote verstoring sluit pas na de evaluatie.")).to_be_visible()
    review = page.locator("#form-file_review")
    review.get_by_label("Wat ging goed").fill("Binnen tien minuten opgeschaald")
    review.get_by_label("Wat ging mis").fill("De databasegroei werd niet gemonitord")
    review.get_by_label("Actie 1", exact=True).fill("Alarm op databasegroei")
    review.get_by_label("Eigenaar van actie 1").select_option(label="Karim Pinas")
    review.get_by_label("Uiterlijk (actie 1)").fill("2030-04-01")
    review.get_by_role("button", name="Evaluatie indienen").click()
    expect(page.locator("#review-actions")).to_contain_text("Alarm op databasegroei")
    expect(page.locator("#review")).to_contain_text("Uitgeroepen")  # the timeline drawn from the records
    close = page.locator("#form-close")
    close.get_by_label("Reden").fill("Evaluatie gedaan")
    close.get_by_role("button", name="Sluiten").click()
    expect(page.locator("#major-status")).to_have_text("Gesloten")
    major.refresh_from_db()
    assert major.status == MajorStatus.CLOSED
