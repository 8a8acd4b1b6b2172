"""The PDFs for briefings: the weekly report and a breach evidence pack, rendered on the server from the pages
themselves, in the reader's language, for exactly the users who may read those pages."""

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from core.weeks import Week
from governance.reports.services import weekly_report_compute
from incidents import services
from parties.models import Component, Party
from tests.pdfs import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def breached_last_week(demo_user):
    """A P1 on the HSM filed last Monday, routed to KPN and resolved eight hours later: past its norm."""
    week = Week.last_completed()
    with time_machine.travel(week.start.replace(hour=10), tick=False):
        incident = services.incident_file(
            actor=demo_user("ggd"),
            title="Sleutels worden niet verwerkt",
            component=Component.objects.get(slug="hsm"),
            impact="high",
            urgency="high",
        )
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Hosting"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=incident)
    with time_machine.travel(week.start.replace(hour=18), tick=False):
        incident = services.incident_resolve(
            actor=demo_user("kpn"), incident=incident, resolution_code="fixed", resolution="Opnieuw gestart"
        )
    report = weekly_report_compute(week=week)
    return {"week": week, "incident": incident, "report": report}


def download(client, demo_user, username, url, language="nl"):
    client.force_login(demo_user(username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def test_the_weekly_report_pdf_carries_the_weeks_figures(client, demo_user, breached_last_week):
    week, incident = breached_last_week["week"], breached_last_week["incident"]

    response = download(client, demo_user, "po", reverse("reports:weekly_pdf", args=[week.label]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="regie-weekrapport-{week.label}.pdf"'
    text = pdf_text(response.content)
    assert f"Weekrapport {week.label}" in text
    figures = breached_last_week["report"].metrics["incidents"]["total"]
    assert (figures["opened"], figures["resolved"], figures["breaches"]) == (1, 1, 1)
    assert "Hele keten 1 1 0 " in text  # opened, resolved, open at the end of the week
    assert f"{incident.reference} — SLA-VWS-CIBG" in text  # the breach and who held it
    assert "KPN" in text
    assert "Download CSV" not in text  # the page's navigation is not printed
    assert "Audittrail" in text


def test_every_page_is_numbered_and_dated_in_the_readers_language(client, demo_user, breached_last_week):
    week = breached_last_week["week"]

    dutch = pdf_pages(download(client, demo_user, "po", reverse("reports:weekly_pdf", args=[week.label])).content)
    english = pdf_pages(
        download(client, demo_user, "po", reverse("reports:weekly_pdf", args=[week.label]), "en").content
    )

    assert len(dutch) > 1
    for number, page in enumerate(dutch, 1):
        assert f"Pagina {number} van {len(dutch)}" in page
        assert "Regie, opgesteld op" in page
    assert f"Weekly report {week.label}" in english[0]
    assert "Whole chain" in " ".join(english)
    assert f"Page 1 of {len(english)}" in english[0]


def test_an_operator_gets_the_pdf_of_her_own_part_of_the_chain_only(client, demo_user, breached_last_week):
    week = breached_last_week["week"]

    text = pdf_text(download(client, demo_user, "dictu", reverse("reports:weekly_pdf", args=[week.label])).content)

    assert "U ziet alleen de cijfers van uw eigen deel van de keten." in text
    assert breached_last_week["incident"].reference not in text


def test_no_weekly_pdf_where_there_is_no_weekly_page(client, demo_user, breached_last_week):
    week = breached_last_week["week"]

    assert download(client, demo_user, "ggd", reverse("reports:weekly_pdf", args=[week.label])).status_code == 404
    assert download(client, demo_user, "po", reverse("reports:weekly_pdf", args=["2019-W01"])).status_code == 404
    assert download(client, demo_user, "po", reverse("reports:weekly_pdf", args=["week-x"])).status_code == 404


def test_the_evidence_pack_pdf_names_the_incident_its_agreements_and_the_audit_state(
    client, demo_user, breached_last_week
):
    incident = breached_last_week["incident"]
    url = reverse("incidents:incident_evidence_pdf", args=[incident.reference])

    response = download(client, demo_user, "kpn", url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bewijsdossier-{incident.reference}.pdf"'
    text = pdf_text(response.content)
    assert f"Bewijsdossier normoverschrijding {incident.reference}" in text
    assert "Sleutels worden niet verwerkt" in text
    assert "SLA-VWS-CIBG" in text
    assert "Hosting" in text  # the reason of the assignment
    assert "Audittrail: nog niet gecontroleerd." in text
    english = pdf_text(download(client, demo_user, "kpn", url, "en").content)
    assert f"Evidence pack for target breach {incident.reference}" in english


def test_the_evidence_pack_pdf_is_not_there_for_whom_the_page_is_not(client, demo_user, breached_last_week):
    incident = breached_last_week["incident"]
    url = reverse("incidents:incident_evidence_pdf", args=[incident.reference])

    assert download(client, demo_user, "ggd", url).status_code == 404  # the reporter's side
    assert download(client, demo_user, "dictu", url).status_code == 404  # outside its part of the chain
    unbreached = services.incident_file(
        actor=demo_user("ggd"), title="Traag", component=Component.objects.get(slug="hsm"), impact="low", urgency="low"
    )
    no_pack = reverse("incidents:incident_evidence_pdf", args=[unbreached.reference])
    assert download(client, demo_user, "po", no_pack).status_code == 404


def test_a_long_list_of_breaches_is_cut_short_in_the_pdf_and_says_so(
    client, demo_user, breached_last_week, monkeypatch
):
    week = breached_last_week["week"]
    with time_machine.travel(week.start.replace(hour=11), tick=False):
        second = services.incident_file(
            actor=demo_user("ggd"),
            title="Certificaat verlopen",
            component=Component.objects.get(slug="hsm"),
            impact="high",
            urgency="high",
        )
        services.incident_assign(
            actor=demo_user("cibg"), incident=second, party=Party.objects.get(slug="kpn"), reason="Hosting"
        )
        services.incident_acknowledge(actor=demo_user("kpn"), incident=second)
    with time_machine.travel(week.start.replace(hour=20), tick=False):
        services.incident_resolve(actor=demo_user("kpn"), incident=second, resolution_code="fixed", resolution="Nieuw")
    assert weekly_report_compute(week=week).breaches.count() == 2
    monkeypatch.setattr("governance.reports.pdf.ATTRIBUTION_IN_PDF", 1)

    text = pdf_text(download(client, demo_user, "po", reverse("reports:weekly_pdf", args=[week.label])).content)

    assert "Deze pdf toont de eerste 1 van 2 overschrijdingen; de CSV van het weekrapport bevat ze allemaal." in text
    assert text.count(" — SLA-VWS-CIBG") == 1
