"""Changes and the service catalogue: dependents at risk, collisions through dependencies, and the high-risk
approval by the owner of the change's service (VWS for CoronaMelder, GGD GHOR Nederland for Oplossing II).

The demo chain: Oplossing II's application depends on the backend infrastructure; its link to the GGD
portal depends on the application; the website depends on nothing and nothing on it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from changes import selectors, services
from changes.models import ChangeRequest, ChangeStatus
from core.inbox import waiting_records
from incidents import services as incident_services
from notifications.models import Notification
from parties.access import principal_for
from parties.models import Component, Role
from tests.factories import WINDOW_START, ChangeFactory, sent_for_approval


def component(slug):
    return Component.objects.get(slug=slug)


def change_on(slug, start=WINDOW_START, **fields):
    return ChangeFactory(components=[component(slug)], proposed_start=start, **fields)


def test_a_change_page_warns_about_open_changes_and_incidents_on_dependents(client, demo_user):
    on_infrastructure = change_on("infrastructuur")
    on_application = change_on("o2-applicatie", start=WINDOW_START + timedelta(days=7), title="Upgrade Oplossing II")
    on_website = change_on("website", title="Nieuwe huisstijl", actor=demo_user("website"))
    incident = incident_services.incident_file(
        actor=demo_user("ggd"),
        title="Dossier opent niet",
        component=component("o2-koppeling"),
        impact="low",
        urgency="low",
    )
    client.force_login(demo_user("po"))
    page = client.get(f"/changes/{on_infrastructure.pk}/").content.decode()
    warning = page[page.index('id="dependents-at-risk"') :].split("</section>")[0]
    assert "Oplossing II-applicatie" in warning
    assert on_application.reference in warning
    assert incident.reference in warning
    assert on_website.reference not in warning
    # Nothing depends on the website: its change page has no such warning.
    assert 'id="dependents-at-risk"' not in client.get(f"/changes/{on_website.pk}/").content.decode()


def test_a_finished_change_on_a_dependent_is_not_an_open_one(demo_user):
    on_infrastructure = change_on("infrastructuur")
    cancelled = change_on("o2-applicatie", start=WINDOW_START + timedelta(days=7))
    services.change_transition(
        actor=demo_user("kpn"), change=cancelled, name="cancel", version=cancelled.version, reason="Vervalt"
    )
    at_risk = selectors.dependents_at_risk(demo_user("po"), on_infrastructure)
    assert at_risk.changes == []
    reached = {entry.slug for entry in at_risk.components}
    assert {"o2-applicatie", "o2-koppeling", "backend"} <= reached
    assert "website" not in reached


def test_changes_on_dependent_components_at_the_same_time_collide(client, demo_user):
    on_infrastructure = change_on("infrastructuur")
    # Two steps down: the link depends on the application, which depends on the infrastructure.
    on_link = change_on("o2-koppeling", title="Koppeling vernieuwen")
    later_on_link = change_on("o2-koppeling", start=WINDOW_START + timedelta(days=3))
    on_website = change_on("website", actor=demo_user("website"))
    assert set(services.collisions(on_infrastructure)) == {on_link}
    assert set(services.collisions(on_link)) == {on_infrastructure}
    assert on_website not in services.collisions(on_infrastructure)
    assert later_on_link not in services.collisions(on_infrastructure)
    # The page and the board flag it the same way.
    client.force_login(demo_user("po"))
    page = client.get(f"/changes/{on_link.pk}/").content.decode()
    assert f"Botst met {on_infrastructure.reference}" in page
    flagged = {change.pk: change.collisions for change in selectors.board(demo_user("po"))}
    assert [other.pk for other in flagged[on_infrastructure.pk]] == [on_link.pk]


def high_risk(slug, demo_user):
    """A high-risk change on the component, approved by the Product Owner and the System Architect: only the
    business owner's approval is still missing."""
    change = sent_for_approval(change_on(slug), "high")
    for username in ("po", "architect"):
        change = services.change_approve(actor=demo_user(username), change=change, version=change.version)
    return change


def test_the_owner_of_oplossing_ii_approves_its_high_risk_changes_not_vws(demo_user):
    change = high_risk("o2-applicatie", demo_user)
    with pytest.raises(PermissionDenied):
        services.change_approve(actor=demo_user("opdrachtgever"), change=change, version=change.version)
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_APPROVAL
    change = services.change_approve(actor=demo_user("ggdghor"), change=change, version=change.version)
    assert change.status == ChangeStatus.APPROVED
    assert change.approvals.get(role=Role.BUSINESS_OWNER).approver == demo_user("ggdghor")


def test_vws_approves_coronamelders_high_risk_changes_not_ggd_ghor(demo_user):
    change = high_risk("infrastructuur", demo_user)
    with pytest.raises(PermissionDenied):
        services.change_approve(actor=demo_user("ggdghor"), change=change, version=change.version)
    change = services.change_approve(actor=demo_user("opdrachtgever"), change=change, version=change.version)
    assert change.status == ChangeStatus.APPROVED


def test_each_owner_is_asked_and_mailed_for_its_own_service_only(demo_user):
    oplossing = high_risk("o2-applicatie", demo_user)
    coronamelder = high_risk("infrastructuur", demo_user)
    for username, own, other in (("ggdghor", oplossing, coronamelder), ("opdrachtgever", coronamelder, oplossing)):
        user = demo_user(username)
        waiting = waiting_records("owner_approval", user, principal_for(user))
        assert list(waiting.values_list("pk", flat=True)) == [own.pk]
        mailed = Notification.objects.filter(kind="change_awaiting_decision", recipient=user)
        assert set(mailed.values_list("object_id", flat=True)) == {own.pk}
        assert other.pk not in set(mailed.values_list("object_id", flat=True))


def test_the_owner_reads_its_services_changes_and_no_others(client, demo_user):
    oplossing = high_risk("o2-applicatie", demo_user)
    coronamelder = high_risk("infrastructuur", demo_user)
    client.force_login(demo_user("ggdghor"))
    page = client.get(f"/changes/{oplossing.pk}/")
    assert page.status_code == 200
    assert "Vertegenwoordiger opdrachtgever" in page.content.decode()
    assert client.get(f"/changes/{coronamelder.pk}/").status_code == 404
    listing = client.get("/changes/").content.decode()
    assert oplossing.reference in listing
    assert coronamelder.reference not in listing


def test_a_change_spanning_services_of_two_owners_is_refused(demo_user):
    with pytest.raises(ValidationError) as refused:
        ChangeFactory(components=[component("infrastructuur"), component("o2-applicatie")])
    assert "verschillende eigenaren" in str(refused.value)
    assert not ChangeRequest.objects.exists()
