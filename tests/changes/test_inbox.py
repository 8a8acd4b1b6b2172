"""The "Wat wacht op mij" home page for the System Architect, the Product Owner, the business owner's representative
and an operator party: each sees the changes waiting for them, and each section's list shows exactly its records."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from changes import services
from changes.models import ChangeType
from tests.factories import WINDOW_START, ChangeFactory, sent_for_approval


def as_user(demo_user, username: str) -> Client:
    client = Client()
    client.force_login(demo_user(username))
    return client


def waiting(demo_user, username: str) -> dict[str, list[str]]:
    response = as_user(demo_user, username).get(reverse("home"))
    assert response.status_code == 200
    sections = response.context["sections"]
    return {shown.section.key: [record.reference for record in shown.content.items] for shown in sections}


def test_the_architect_assesses_and_approves_what_needs_him(demo_user):
    submitted = ChangeFactory(title="Nieuwe firewallregels")
    low = sent_for_approval(ChangeFactory(proposed_start=WINDOW_START + timedelta(days=1)), "low")
    medium = sent_for_approval(ChangeFactory(proposed_start=WINDOW_START + timedelta(days=2)), "medium")

    architect = waiting(demo_user, "architect")
    assert architect["to_assess"] == [submitted.reference]
    assert architect["architect_approval"] == [medium.reference]  # a low risk needs the Product Owner alone
    po = waiting(demo_user, "po")
    assert po["untriaged"] == [submitted.reference]
    assert sorted(po["po_approval"]) == sorted([low.reference, medium.reference])
    assert "to_assess" not in waiting(demo_user, "kpn")

    services.change_approve(actor=demo_user("architect"), change=medium, version=medium.version)
    assert waiting(demo_user, "architect")["architect_approval"] == []
    assert sorted(waiting(demo_user, "po")["po_approval"]) == sorted([low.reference, medium.reference])


def test_the_product_owner_decides_emergencies_but_never_on_her_own_change(demo_user):
    emergency = ChangeFactory(change_type=ChangeType.EMERGENCY, test_evidence="")
    emergency = services.change_request_approval(actor=demo_user("po"), change=emergency, version=emergency.version)
    own = ChangeFactory(actor=demo_user("po"), proposed_start=WINDOW_START + timedelta(days=1))
    own = sent_for_approval(own, "low")  # the Product Owner's own change: another decides on it

    assert waiting(demo_user, "po")["po_approval"] == [emergency.reference]
    assert own.status == "awaiting_approval"


def test_the_business_owner_approves_high_risk_changes_only(demo_user):
    high = sent_for_approval(ChangeFactory(), "high")
    sent_for_approval(ChangeFactory(proposed_start=WINDOW_START + timedelta(days=1)), "medium")

    assert waiting(demo_user, "opdrachtgever") == {"owner_approval": [high.reference]}


def test_the_product_owner_sees_collisions_and_freeze_periods(demo_user):
    first = ChangeFactory(title="Patch A")
    second = ChangeFactory(title="Patch B", proposed_start=WINDOW_START + timedelta(hours=1))
    frozen = ChangeFactory(title="Patch C", proposed_start=WINDOW_START + timedelta(days=10))
    ChangeFactory(title="Patch D", proposed_start=WINDOW_START + timedelta(days=20))
    services.blackout_save(
        actor=demo_user("po"),
        reason="Feestdagen",
        title="Bevriezing",
        starts_at=WINDOW_START + timedelta(days=9),
        ends_at=WINDOW_START + timedelta(days=12),
    )

    flagged = waiting(demo_user, "po")["conflicts"]
    assert sorted(flagged) == sorted([first.reference, second.reference, frozen.reference])


def test_an_operator_party_sees_its_recent_rejections(demo_user, at):
    with at(2026, 3, 2, 10, 0):
        old = ChangeFactory(title="Oud")
        services.change_reject(actor=demo_user("po"), change=old, version=old.version, comment="Niet nodig")
    with at(2026, 3, 20, 10, 0):
        recent = ChangeFactory(title="Nieuw")
        services.change_reject(actor=demo_user("po"), change=recent, version=recent.version, comment="Te riskant")
        assert waiting(demo_user, "kpn")["rejected"] == [recent.reference]
        assert waiting(demo_user, "dictu")["rejected"] == []


@pytest.mark.parametrize(
    ("username", "key"),
    [("architect", "to_assess"), ("po", "po_approval"), ("po", "conflicts"), ("opdrachtgever", "owner_approval")],
)
def test_the_filtered_change_list_shows_exactly_the_records_of_the_section(demo_user, username, key):
    ChangeFactory(title="Ingediend")
    sent_for_approval(ChangeFactory(title="Hoog", proposed_start=WINDOW_START + timedelta(hours=1)), "high")
    sent_for_approval(ChangeFactory(title="Laag", proposed_start=WINDOW_START + timedelta(days=5)), "low")

    shown = waiting(demo_user, username)[key]
    response = as_user(demo_user, username).get(reverse("changes:changerequest_list"), {"waiting": key})
    assert response.status_code == 200
    assert shown
    assert sorted(change.reference for change in response.context["changes"]) == sorted(shown)
    api = as_user(demo_user, username).get("/api/changes/", {"waiting": key}).json()
    assert sorted(row["reference"] for row in api["results"]) == sorted(shown)


def test_an_unknown_section_on_the_change_list_is_a_form_error_not_a_server_error(demo_user):
    ChangeFactory()
    response = as_user(demo_user, "po").get(reverse("changes:changerequest_list"), {"waiting": "' OR 1=1"})

    assert response.status_code == 200
    assert len(response.context["changes"]) == 1
    assert response.context["filter"].errors["waiting"]
    api = as_user(demo_user, "po").get("/api/changes/", {"waiting": "nonsense"})
    assert api.status_code == 400
