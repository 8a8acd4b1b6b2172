"""The Product Owner prepares a briefing: she filters the incident list and exports it, exports the change
list, and downloads the weekly report and a breach evidence pack as PDFs. The reporter exports her own list."""

import pytest
import time_machine
from playwright.sync_api import expect

from core.weeks import Week
from governance.reports.services import weekly_report_compute
from incidents import services
from parties.models import Component, Party
from tests.factories import ChangeFactory
from tests.pdfs import pdf_text
from tests.spreadsheets import read_records

from .accessibility import blocking_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def last_week(transactional_db, demo_chain, demo_user):
    """Last week: a P1 on the HSM routed to KPN and resolved too late, and a P4 on the iPhone app; one change."""
    week = Week.last_completed()
    with time_machine.travel(week.start.replace(hour=10), tick=False):
        breached = services.incident_file(
            actor=demo_user("ggd"),
            title="Sleutels worden niet verwerkt",
            component=Component.objects.get(slug="hsm"),
            impact="high",
            urgency="high",
        )
        services.incident_assign(
            actor=demo_user("cibg"), incident=breached, party=Party.objects.get(slug="kpn"), reason="Hosting"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=breached)
        minor = services.incident_file(
            actor=demo_user("ggd"),
            title="Knop staat scheef",
            component=Component.objects.get(slug="ios-app"),
            impact="low",
            urgency="low",
        )
    with time_machine.travel(week.start.replace(hour=18), tick=False):
        services.incident_resolve(
            actor=demo_user("kpn"), incident=breached, resolution_code="fixed", resolution="Opnieuw gestart"
        )
    change = ChangeFactory(actor=demo_user("kpn"), title="Patch van de servers")
    weekly_report_compute(week=week)
    return {"week": week, "breached": breached, "minor": minor, "change": change}


def download(page, link):
    with page.expect_download() as info:
        link.click()
    return info.value


def test_the_product_owner_exports_the_lists_and_downloads_the_pdfs(last_week, page, login):
    week, breached = last_week["week"], last_week["breached"]
    login("po")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Incidenten").click()
    page.get_by_role("link", name="Alle zichtbare").click()
    page.get_by_label("Prioriteit", exact=True).select_option("P1")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("#incident-table")).not_to_contain_text(last_week["minor"].reference)
    assert blocking_violations(page) == []
    csv = download(page, page.get_by_role("link", name="Exporteren (CSV)"))
    assert csv.suggested_filename.startswith("incidenten-")
    records = read_records(csv.path().read_bytes())
    assert [(row["kenmerk"], row["prioriteit"], row["toegewezen aan"]) for row in records] == [
        (breached.reference, "P1", "KPN")
    ]

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijzigingen").click()
    changes = read_records(download(page, page.get_by_role("link", name="Exporteren (CSV)")).path().read_bytes())
    assert [(row["kenmerk"], row["titel"]) for row in changes] == [
        (last_week["change"].reference, "Patch van de servers")
    ]

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name=f"Weekrapport {week.label}").first.click()
    report = download(page, page.get_by_role("link", name="Download PDF"))
    assert report.suggested_filename == f"regie-weekrapport-{week.label}.pdf"
    text = pdf_text(report.path().read_bytes())
    assert f"Weekrapport {week.label}" in text
    assert f"{breached.reference} — SLA-VWS-CIBG" in text

    page.goto(page.url.split("/reports/")[0] + f"/incidents/{breached.reference}/")
    page.get_by_role("link", name="Bewijsdossier").click()
    # The check reads the page it finds: wait until the dossier has replaced the incident's page.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bewijsdossier normoverschrijding")
    assert blocking_violations(page) == []
    evidence = download(page, page.get_by_role("link", name="Download als PDF"))
    assert evidence.suggested_filename == f"bewijsdossier-{breached.reference}.pdf"
    assert f"Bewijsdossier normoverschrijding {breached.reference}" in pdf_text(evidence.path().read_bytes())


def test_the_reporter_exports_her_reports_without_the_chains_details(last_week, page, login):
    login("ggd")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn meldingen").click()
    assert blocking_violations(page) == []
    records = read_records(download(page, page.get_by_role("link", name="Exporteren (CSV)")).path().read_bytes())

    assert {row["kenmerk"] for row in records} == {last_week["breached"].reference, last_week["minor"].reference}
    assert "toegewezen aan" not in records[0]
    assert "normstatus" not in records[0]
