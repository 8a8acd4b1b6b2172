"""A refused action on an incident the user sees returns to the incident page with the reason, in the user's
language, and changes nothing; an incident the user does not see stays 404."""

from django.urls import reverse

from incidents.models import Incident, Status


def _action(incident, name):
    return reverse("incidents:incident_action", kwargs={"reference": incident.reference, "action": name})


def _detail(incident):
    return reverse("incidents:incident_detail", kwargs={"reference": incident.reference})


def test_a_refused_action_returns_to_the_page_with_the_reason(client, demo_user, file_incident, route):
    incident = route(file_incident(component_slug="infrastructuur"), "kpn")
    client.force_login(demo_user("vws"))

    response = client.post(_action(incident, "acknowledge"), {"version": incident.version}, follow=True)

    assert response.redirect_chain == [(_detail(incident), 302)]
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["U kunt dit incident niet in behandeling nemen."]
    assert Incident.objects.get(pk=incident.pk).status == Status.ASSIGNED


def test_the_reason_is_in_english_for_an_english_user(client, demo_user, file_incident, route):
    incident = route(file_incident(component_slug="infrastructuur"), "kpn")
    client.force_login(demo_user("vws"))
    client.cookies["django_language"] = "en"

    response = client.post(_action(incident, "acknowledge"), {"version": incident.version}, follow=True)

    assert [str(message) for message in response.context["messages"]] == ["You cannot acknowledge this incident."]


def test_an_unseen_incident_stays_404(client, demo_user, file_incident, route):
    incident = route(file_incident(component_slug="infrastructuur"), "kpn")
    client.force_login(demo_user("dictu"))
    assert client.post(_action(incident, "acknowledge"), {"version": incident.version}).status_code == 404
