"""Approving or scheduling into a collision asks for confirmation first; after an approval that is not the
last one needed, the page says who still has to decide."""

from django.urls import reverse

from changes import services
from changes.models import ChangeRequest, ChangeStatus


def action(change, name):
    return reverse("changes:changerequest_action", args=[change.pk, name])


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_approving_into_a_collision_asks_first_and_proceeds_when_confirmed(client, chain, make_change, to_approval):
    other = make_change(title="Andere patch")
    change = to_approval(make_change(title="Patch"), "low")
    client.force_login(chain.po)
    decision = {"version": change.version, "role": "product_owner", "comment": "", "decision": "approved"}

    asked = client.post(action(change, "decide"), decision)

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Goedkeuren van" in page
    assert other.reference in page
    assert 'name="confirm_collisions"' in page
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.AWAITING_APPROVAL

    confirmed = client.post(action(change, "decide"), {**decision, "confirm_collisions": "1"})

    assert confirmed.status_code == 302
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.APPROVED


def test_scheduling_into_a_collision_asks_first(client, chain, make_change, to_approval):
    other = make_change(title="Andere patch")
    change = to_approval(make_change(title="Patch"), "low")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    client.force_login(chain.po)
    window = {"version": change.version, "planned_start": "2030-03-04T10:00", "planned_end": "2030-03-04T11:00"}

    asked = client.post(action(change, "schedule"), window)

    assert other.reference in asked.content.decode()
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.APPROVED
    assert client.post(action(change, "schedule"), {**window, "confirm_collisions": "1"}).status_code == 302
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.SCHEDULED


def test_without_a_collision_nothing_is_asked(client, chain, make_change, to_approval):
    change = to_approval(make_change(title="Patch"), "low")
    client.force_login(chain.po)
    decision = {"version": change.version, "role": "product_owner", "comment": "", "decision": "approved"}
    response = client.post(action(change, "decide"), decision, follow=True)
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.APPROVED
    assert _messages(response) == [f"{change.reference}: status is nu “Goedgekeurd”."]


def test_after_the_po_approves_the_page_says_who_still_decides(client, chain, make_change, to_approval):
    change = to_approval(make_change(title="Patch"), "medium")
    client.force_login(chain.po)
    decision = {"version": change.version, "role": "product_owner", "comment": "", "decision": "approved"}

    response = client.post(action(change, "decide"), decision, follow=True)

    assert _messages(response) == ["Goedgekeurd door de Product Owner; wacht nog op de Systeemarchitect."]
