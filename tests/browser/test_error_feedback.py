"""What a user sees when something is wrong, in a real browser: a form with errors starts with a summary that
has the focus, a refused action comes back on the page with its reason, and approving a change into a
collision asks for confirmation first; a page the user may not open is the portal's own, with the reason.
Each page is checked with axe."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from changes import services as change_services
from changes.models import ChangeRequest, ChangeStatus
from core.history import save_tracked
from incidents import services as incident_services
from parties.models import Component, Party, Role, RoleAssignment
from tests.factories import sent_for_approval

from .accessibility import blocking_violations
from .conftest import screenshot_path

pytestmark = pytest.mark.browser


def test_a_form_with_errors_starts_with_a_focused_summary(transactional_db, demo_chain, page, login, live_server):
    login("ggd")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Storing melden").click()
    page.get_by_role("button", name="Melding versturen").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("4 punten moeten anders")
    summary.get_by_role("link", name="Beschrijf in één zin wat er aan de hand is.").click()
    expect(page.get_by_label("Wat is er aan de hand?")).to_be_focused()
    assert blocking_violations(page) == []
    page.screenshot(path=screenshot_path("error_summary"))


def test_the_change_form_links_help_and_errors_to_their_fields(transactional_db, demo_chain, page, login, live_server):
    login("kpn")
    page.goto(f"{live_server.url}/changes/new/")
    change_type = page.get_by_role("group", name="Soort wijziging")
    expect(change_type.get_by_role("radio")).to_have_count(3)  # standard, normal, emergency: no "---------"
    for radio in change_type.get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    expect(page.get_by_label("Testbewijs")).to_have_accessible_description("Verplicht voor een normale wijziging.")

    page.get_by_role("button", name="Indienen").click()

    expect(page.locator("[data-error-summary]")).to_be_focused()
    change_type = page.get_by_role("group", name="Soort wijziging")
    expect(change_type).to_have_accessible_description("Kies de soort wijziging: standaard, normaal of spoed.")
    page.locator("[data-error-summary]").get_by_role("link", name="Soort wijziging: Kies de soort wijziging").click()
    expect(change_type.get_by_role("radio").first).to_be_focused()
    assert blocking_violations(page) == []


def test_a_page_the_user_may_not_open_is_the_portals_own_with_the_reason(
    transactional_db, demo_chain, page, login, live_server, settings
):
    assert settings.DEBUG is False  # as in production
    login("vws")
    response = page.goto(f"{live_server.url}/incidents/new/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("U mag dit niet doen")
    expect(page.locator(".notice")).to_have_text("U kunt geen incidenten melden.")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("403 Forbidden")
    assert blocking_violations(page) == []


def test_a_refused_action_shows_its_reason_on_the_page(
    transactional_db, demo_chain, demo_user, page, login, live_server
):
    incident = incident_services.incident_file(
        actor=demo_user("ggd"),
        title="Servers onbereikbaar",
        description="",
        component=Component.objects.get(slug="infrastructuur"),
        impact="medium",
        urgency="medium",
    )
    incident_services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Naar KPN"
    )
    login("kpn")
    page.goto(f"{live_server.url}/incidents/{incident.reference}/")
    # Meanwhile KPN's operator is made a read-only viewer: the button on the open page is no longer allowed.
    assignment = RoleAssignment.objects.get(user=demo_user("kpn"))
    assignment.role = Role.VIEWER
    save_tracked(assignment, actor=demo_user("beheerder"), reason="Alleen nog lezen")

    page.get_by_role("button", name="In behandeling nemen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(incident.reference)
    expect(page.locator(".message--error")).to_have_text("U kunt dit incident niet in behandeling nemen.")
    assert blocking_violations(page) == []


def _change(actor, party, title):
    return change_services.change_create(
        actor=actor,
        requesting_party=party,
        components=[Component.objects.get(slug="infrastructuur")],
        submit=True,
        change_type="normal",
        title=title,
        motivation="Beveiligingsupdate",
        implementation_plan="Per node",
        rollback_plan="Vorige image",
        test_evidence="Getest op acceptatie",
        proposed_start=datetime(2030, 3, 4, 19, 0, tzinfo=UTC),
        proposed_end=datetime(2030, 3, 4, 21, 0, tzinfo=UTC),
    )


def test_approving_into_a_collision_asks_for_confirmation(
    transactional_db, demo_chain, demo_user, page, login, live_server
):
    kpn = Party.objects.get(slug="kpn")
    other = _change(demo_user("kpn"), kpn, "Firmware van de switches")
    change = _change(demo_user("kpn"), kpn, "Patch van de servers")
    sent_for_approval(change)

    login("po")
    page.goto(f"{live_server.url}/changes/{change.pk}/")
    page.get_by_role("button", name="Goedkeuren").click()

    confirmation = page.locator("#collision-confirmation")
    expect(confirmation).to_contain_text(other.reference)
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.AWAITING_APPROVAL
    assert blocking_violations(page) == []
    page.screenshot(path=screenshot_path("collision_confirmation"))
    confirmation.get_by_role("button", name="Ja, toch doorgaan").click()

    expect(page.locator(".message--success")).to_contain_text("Goedgekeurd")
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.APPROVED


def test_scheduling_into_a_collision_asks_first_and_an_approval_says_who_still_decides(
    transactional_db, demo_chain, demo_user, page, login, live_server
):
    kpn = Party.objects.get(slug="kpn")
    other = _change(demo_user("kpn"), kpn, "Firmware van de switches")
    approved = sent_for_approval(_change(demo_user("kpn"), kpn, "Patch van de servers"))
    approved = change_services.change_approve(actor=demo_user("po"), change=approved, version=approved.version)
    medium = sent_for_approval(_change(demo_user("kpn"), kpn, "Nieuwe loadbalancer"), "medium")

    login("po")
    page.goto(f"{live_server.url}/changes/{approved.pk}/")
    page.get_by_role("form", name="Inplannen").get_by_role("button", name="Inplannen").click()
    confirmation = page.locator("#collision-confirmation")
    expect(confirmation).to_contain_text(f"Inplannen van {approved.reference} botst met deze wijzigingen")
    expect(confirmation).to_contain_text(other.reference)
    assert ChangeRequest.objects.get(pk=approved.pk).status == ChangeStatus.APPROVED
    confirmation.get_by_role("link", name="Nee, terug naar de wijziging").click()
    expect(page.locator(".status").first).to_have_text("Goedgekeurd")

    page.goto(f"{live_server.url}/changes/{medium.pk}/")
    page.get_by_role("button", name="Goedkeuren").click()
    page.locator("#collision-confirmation").get_by_role("button", name="Ja, toch doorgaan").click()
    expect(page.locator(".message--success")).to_have_text(
        "Goedgekeurd door de Product Owner; wacht nog op de Systeemarchitect."
    )
    assert blocking_violations(page) == []
