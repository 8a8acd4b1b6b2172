"""What a user sees when something is wrong, in a real browser: a form with errors starts with a summary that
has the focus, a refused action comes back on the page with its reason, and approving a change into a
collision asks for confirmation first."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from changes import services as change_services
from changes.models import ChangeRequest, ChangeStatus
from core.history import save_tracked
from incidents import services as incident_services
from parties.models import Component, Party, Role, RoleAssignment
from tests.factories import sent_for_approval

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
    page.screenshot(path=screenshot_path("error_summary"))


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
    page.screenshot(path=screenshot_path("collision_confirmation"))
    confirmation.get_by_role("button", name="Ja, toch doorgaan").click()

    expect(page.locator(".message--success")).to_contain_text("Goedgekeurd")
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.APPROVED
