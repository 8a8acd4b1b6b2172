"""Links between changes and incidents: who may link, what each side sees, history, pages and API.

The chain (see conftest): CIBG ← KPN, DICTU; KPN operates the infrastructure, DICTU the app. The
KPN operator requests `change` on the infrastructure; `dictu_change` touches the app and the
infrastructure, so KPN sees it too without having requested it.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from changes import services
from changes.models import ChangeIncidentLink, LinkKind
from incidents import services as incident_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_incident(chain):
    """`file_incident(component, assign_to=party)`: filed by the GGD, routed by CIBG."""

    def file(component, assign_to=None, title="Inloggen lukt niet"):
        incident = incident_services.incident_file(
            actor=chain.ggd, title=title, component=component, impact="medium", urgency="medium"
        )
        if assign_to is not None:
            incident = incident_services.incident_assign(
                actor=chain.po, incident=incident, party=assign_to, reason="Naar de beheerder"
            )
        return incident

    return file


@pytest.fixture
def change(chain, make_change):
    return make_change(chain.kpn_operator, [chain.infrastructure], title="Servers patchen")


@pytest.fixture
def dictu_change(chain, make_change):
    return make_change(chain.dictu_operator, [chain.app, chain.infrastructure], title="Nieuwe app-versie")


def link(actor, change, incident, kind=LinkKind.CAUSED_BY, reason="Storing begon direct na de patch"):
    return services.change_incident_link(actor=actor, change=change, incident=incident, kind=kind, reason=reason)


# --- service rules ----------------------------------------------------------------------------------


def test_the_requesting_party_links_an_incident_it_can_see(chain, change, file_incident):
    incident = file_incident(chain.infrastructure)  # unassigned, but on KPN's component
    created = link(chain.kpn_operator, change, incident)
    assert (created.change, created.incident, created.kind) == (change, incident, LinkKind.CAUSED_BY)
    assert created.created_by == chain.kpn_operator
    assert created.reason == "Storing begon direct na de patch"


def test_the_party_working_the_incident_may_link_a_change_it_did_not_request(chain, dictu_change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    assert link(chain.kpn_operator, dictu_change, incident, LinkKind.FIXES).kind == LinkKind.FIXES


def test_seeing_both_is_not_enough_one_must_work_on_either(chain, dictu_change, file_incident):
    incident = file_incident(chain.infrastructure)  # KPN sees both, requested neither, holds neither
    with pytest.raises(PermissionDenied):
        link(chain.kpn_operator, dictu_change, incident)
    assert not ChangeIncidentLink.objects.exists()


def test_the_regie_party_may_always_link(chain, dictu_change, file_incident):
    incident = file_incident(chain.website)
    assert link(chain.cibg_operator, dictu_change, incident).pk
    assert link(chain.po, dictu_change, incident, LinkKind.FIXES).pk


def test_a_record_the_actor_cannot_see_is_refused(chain, change, dictu_change, file_incident):
    app_incident = file_incident(chain.app, assign_to=chain.dictu)
    with pytest.raises(PermissionDenied):  # KPN requested the change but cannot see DICTU's incident
        link(chain.kpn_operator, change, app_incident)
    with pytest.raises(PermissionDenied):  # DICTU works the incident but cannot see KPN's change
        link(chain.dictu_operator, change, app_incident)
    with pytest.raises(PermissionDenied):  # the reporter's side sees no changes at all
        link(chain.ggd, change, app_incident)
    assert not ChangeIncidentLink.objects.exists()


@pytest.mark.parametrize("username", ["viewer", "opdrachtgever"])
def test_the_read_only_business_owner_never_links(chain, change, file_incident, username):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    with pytest.raises(PermissionDenied):
        link(chain.users[username], change, incident)


def test_a_duplicate_link_is_refused_with_a_clear_message_but_the_other_kind_is_allowed(chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    link(chain.kpn_operator, change, incident, LinkKind.CAUSED_BY)
    with pytest.raises(ValidationError) as refused:
        link(chain.po, change, incident, LinkKind.CAUSED_BY, reason="Nog een keer")
    assert f"{change.reference} en {incident.reference} zijn al zo gekoppeld" in refused.value.messages[0]
    link(chain.kpn_operator, change, incident, LinkKind.FIXES, reason="De terugrol loste het op")
    assert ChangeIncidentLink.objects.count() == 2


def test_a_link_needs_a_reason_and_a_known_kind(chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    with pytest.raises(ValidationError) as refused:
        link(chain.kpn_operator, change, incident, reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        link(chain.kpn_operator, change, incident, kind="related")
    assert "kind" in refused.value.message_dict


def test_linking_and_unlinking_are_on_record_with_who_and_why(chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    created = link(chain.kpn_operator, change, incident, reason="Zelfde tijdstip als de patch")
    record = created.history.get()
    assert record.history_type == "+"
    assert record.history_user == chain.kpn_operator
    assert record.history_change_reason == "Koppeling vastgelegd: Zelfde tijdstip als de patch"

    services.change_incident_unlink(actor=chain.po, link=created, reason="Toch een andere oorzaak")
    assert not ChangeIncidentLink.objects.exists()
    removed = ChangeIncidentLink.history.filter(history_type="-").get()
    assert removed.history_user == chain.po
    assert removed.history_change_reason == "Koppeling verwijderd: Toch een andere oorzaak"


def test_a_long_reason_stays_whole_on_the_link_and_fits_the_history(chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    created = link(chain.kpn_operator, change, incident, reason="x" * 400)
    assert len(ChangeIncidentLink.objects.get().reason) == 400
    assert len(created.history.get().history_change_reason) == 100


def test_unlinking_follows_the_same_rules(chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    created = link(chain.kpn_operator, change, incident)
    for username in ("dictu_operator", "viewer", "ggd"):
        with pytest.raises(PermissionDenied):
            services.change_incident_unlink(actor=chain.users[username], link=created, reason="")
    assert ChangeIncidentLink.objects.count() == 1
    services.change_incident_unlink(actor=chain.kpn_operator, link=created, reason="")
    assert ChangeIncidentLink.history.filter(history_type="-").get().history_change_reason == "Koppeling verwijderd"
