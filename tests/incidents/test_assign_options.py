""" "Toewijzen aan" offers only the parties the rules allow, and says beforehand (option label) and afterwards
(a notice on the incident page) when a party has no contract for the component, so no party clock starts."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from incidents import services

NO_CLOCK = "(geen contract voor dit onderdeel: geen partijklok)"


def _offered(client, incident) -> dict[str, str]:
    page = client.get(reverse("incidents:incident_detail", kwargs={"reference": incident.reference}))
    choices = page.context["action_forms"]["assign"].fields["party"].choices
    return {label: value for value, label in choices if value}


def test_regie_is_offered_the_chain_without_vws_the_reporter_or_the_holder(
    client, demo_user, file_incident, route, party
):
    incident = route(file_incident(component_slug="infrastructuur"), "kpn")
    client.force_login(demo_user("cibg"))

    offered = _offered(client, incident)

    names = {label.removesuffix(f" {NO_CLOCK}") for label in offered}
    assert party("vws").name not in names
    assert party("ggd-ghor").name not in names
    assert party("kpn").name not in names
    assert party("cibg").name in offered  # the chain SLA's provider: its clock is the SLA clock
    assert f"{party('dictu').name} {NO_CLOCK}" in offered


def test_the_holder_is_offered_only_the_party_it_works_for_and_its_subcontractors(
    client, demo_user, file_incident, route, party
):
    incident = route(file_incident(component_slug="infrastructuur"), "kpn")
    client.force_login(demo_user("kpn"))

    names = {label.removesuffix(f" {NO_CLOCK}") for label in _offered(client, incident)}

    kpn = party("kpn")
    assert names == {p.name for p in kpn.subcontractors.all()} | {kpn.parent.name}


def test_the_service_refuses_the_business_owner(demo_user, file_incident, party):
    incident = file_incident(component_slug="infrastructuur")
    with pytest.raises(PermissionDenied):
        services.incident_assign(actor=demo_user("cibg"), incident=incident, party=party("vws"), reason="x")


def test_a_party_without_a_contract_gets_a_notice_on_the_incident_page(client, demo_user, file_incident, route):
    client.force_login(demo_user("cibg"))
    at_kpn = route(file_incident(component_slug="infrastructuur"), "kpn")
    page = client.get(reverse("incidents:incident_detail", kwargs={"reference": at_kpn.reference}))
    assert 'id="no-party-clock"' not in page.content.decode()

    at_dictu = route(file_incident(component_slug="infrastructuur"), "dictu")
    page = client.get(reverse("incidents:incident_detail", kwargs={"reference": at_dictu.reference}))
    assert "heeft geen contract voor dit onderdeel: er loopt geen partijklok." in page.content.decode()
