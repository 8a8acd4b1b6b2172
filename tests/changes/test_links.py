"""Links between changes and incidents: who may link, what each side sees, history, pages and API.

The chain (see conftest): CIBG ← KPN, DICTU; KPN operates the infrastructure, DICTU the app. The
KPN operator requests `change` on the infrastructure; `dictu_change` touches the app and the app's
backend, which KPN hosts, so KPN sees it too without having requested it.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from changes import services
from changes.models import ChangeIncidentLink, LinkKind
from tests.factories import ComponentFactory, IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_incident(chain):
    """`file_incident(component, assign_to=party)`: filed by the GGD, routed by CIBG."""

    def file(component, assign_to=None, title="Inloggen lukt niet"):
        return IncidentFactory(
            actor=chain.ggd, title=title, component=component, assigned_to=assign_to, routed_by=chain.po
        )

    return file


@pytest.fixture
def change(chain, make_change):
    return make_change(chain.kpn_operator, [chain.infrastructure], title="Servers patchen")


@pytest.fixture
def dictu_change(chain, make_change):
    backend = ComponentFactory(
        name="App-backend", slug="app-backend", public_name="App", operating_party=chain.dictu, hosting_party=chain.kpn
    )
    return make_change(chain.dictu_operator, [chain.app, backend], title="Nieuwe app-versie")


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


# --- pages ------------------------------------------------------------------------------------------


def change_page(change):
    return reverse("changes:changerequest_detail", args=[change.pk])


def incident_page(incident):
    return reverse("incidents:incident_detail", args=[incident.reference])


def test_an_operator_links_an_incident_from_the_change_page(client, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    client.force_login(chain.kpn_operator)
    page = client.get(change_page(change))
    assert page.context["link_form"] is not None
    assert "Gekoppelde incidenten" in page.content.decode()

    response = client.post(
        reverse("changes:changeincidentlink_create", args=[change.pk]),
        {"incident": incident.reference.lower(), "kind": "caused_by", "reason": "Begon na de patch"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{change_page(change)}#incident-links"
    created = ChangeIncidentLink.objects.get()
    assert (created.change, created.incident, created.created_by) == (change, incident, chain.kpn_operator)

    html = client.get(change_page(change)).content.decode()
    assert incident.reference in html
    assert "veroorzaakte dit incident" in html
    assert reverse("changes:changeincidentlink_delete", args=[created.pk]) in html


@pytest.mark.parametrize("reference", ["INC-1999-000001", "invisible"])
def test_an_unknown_or_invisible_incident_is_refused_and_nothing_changes(
    client, chain, change, file_incident, reference
):
    if reference == "invisible":
        reference = file_incident(chain.app, assign_to=chain.dictu).reference  # KPN cannot see it
    client.force_login(chain.kpn_operator)
    response = client.post(
        reverse("changes:changeincidentlink_create", args=[change.pk]),
        {"incident": reference, "kind": "caused_by", "reason": "Begon na de patch"},
    )
    assert response.status_code == 200
    assert response.context["link_form"].errors["incident"] == ["Geen incident met dit kenmerk."]
    assert not ChangeIncidentLink.objects.exists()


def test_a_duplicate_from_the_page_shows_the_services_message(client, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    link(chain.kpn_operator, change, incident)
    client.force_login(chain.kpn_operator)
    response = client.post(
        reverse("changes:changeincidentlink_create", args=[change.pk]),
        {"incident": incident.reference, "kind": "caused_by", "reason": "Nog eens"},
    )
    assert response.status_code == 200
    assert "al zo gekoppeld" in " ".join(response.context["link_form"].non_field_errors())
    assert ChangeIncidentLink.objects.count() == 1


def test_an_operator_unlinks_from_the_change_page(client, chain, change, file_incident):
    created = link(chain.kpn_operator, change, file_incident(chain.infrastructure, assign_to=chain.kpn))
    client.force_login(chain.kpn_operator)
    response = client.post(
        reverse("changes:changeincidentlink_delete", args=[created.pk]), {"reason": "Verkeerd incident"}
    )
    assert response.status_code == 302
    assert not ChangeIncidentLink.objects.exists()
    assert ChangeIncidentLink.history.filter(history_type="-").get().history_change_reason.endswith("Verkeerd incident")


def test_an_operator_links_a_change_from_the_incident_page(client, chain, dictu_change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    client.force_login(chain.kpn_operator)
    assert client.get(incident_page(incident)).context["link_change_form"] is not None
    response = client.post(
        reverse("changes:incident_link_change", args=[incident.reference]),
        {"change": dictu_change.reference, "kind": "fixes", "reason": "De nieuwe versie lost het op"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{incident_page(incident)}#change-links"
    created = ChangeIncidentLink.objects.get()
    assert (created.change, created.incident, created.kind) == (dictu_change, incident, LinkKind.FIXES)

    html = client.get(incident_page(incident)).content.decode()
    assert "Gekoppelde wijzigingen" in html
    assert dictu_change.reference in html
    assert "opgelost door deze wijziging" in html


def test_bad_input_on_the_incident_page_is_a_message_and_nothing_changes(client, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    client.force_login(chain.kpn_operator)
    url = reverse("changes:incident_link_change", args=[incident.reference])
    response = client.post(url, {"change": "CHG-1999-000001", "kind": "fixes", "reason": "x"}, follow=True)
    assert "Geen wijziging met dit kenmerk." in response.content.decode()
    response = client.post(url, {"change": change.reference, "kind": "fixes", "reason": ""}, follow=True)
    assert response.status_code == 200
    assert not ChangeIncidentLink.objects.exists()


def test_the_reporters_incident_page_shows_no_changes_or_links(client, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    link(chain.kpn_operator, change, incident)
    client.force_login(chain.ggd)
    response = client.get(incident_page(incident))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gekoppelde wijzigingen" not in html
    assert change.reference not in html
    assert change.title not in html
    assert 'id="change-links"' not in html
    response = client.post(
        reverse("changes:incident_link_change", args=[incident.reference]),
        {"change": change.reference, "kind": "fixes", "reason": "x"},
    )
    assert response.status_code == 404


def test_the_viewer_sees_links_without_forms_and_is_refused_on_post(client, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    created = link(chain.kpn_operator, change, incident)
    client.force_login(chain.viewer)
    page = client.get(change_page(change))
    assert page.context["link_form"] is None
    assert incident.reference in page.content.decode()
    assert reverse("changes:changeincidentlink_delete", args=[created.pk]) not in page.content.decode()
    assert client.get(incident_page(incident)).context["link_change_form"] is None

    body = {"incident": incident.reference, "change": change.reference, "kind": "fixes", "reason": "x"}
    refusal = "U mag deze wijziging en dit incident niet aan elkaar koppelen."
    for url in (
        reverse("changes:changeincidentlink_create", args=[change.pk]),
        reverse("changes:changeincidentlink_delete", args=[created.pk]),
    ):
        response = client.post(url, body, follow=True)
        assert response.redirect_chain[0][1] == 302
        assert [str(message) for message in response.context["messages"]] == [refusal]
    response = client.post(reverse("changes:incident_link_change", args=[incident.reference]), body, follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "U mag geen wijzigingen aan dit incident koppelen."
    ]
    assert ChangeIncidentLink.objects.filter(kind=LinkKind.FIXES).count() == 0
    assert ChangeIncidentLink.objects.count() == 1


def test_a_link_to_a_record_the_user_cannot_see_is_not_shown(client, chain, change, file_incident):
    app_incident = file_incident(chain.app, assign_to=chain.dictu)
    link(chain.po, change, app_incident)
    client.force_login(chain.kpn_operator)  # sees the change, not DICTU's incident
    assert client.get(change_page(change)).context["incident_links"] == []
    assert app_incident.reference not in client.get(change_page(change)).content.decode()


def test_each_page_reads_its_links_in_one_query(client, chain, change, dictu_change, file_incident):
    incidents = [file_incident(chain.infrastructure, assign_to=chain.kpn, title=f"Storing {n}") for n in range(3)]
    client.force_login(chain.po)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    link(chain.po, change, incidents[0])
    link(chain.po, dictu_change, incidents[0])
    client.get(reverse("home"))  # the navigation's badge is counted once after the writes, then read from the cache
    client.get(incident_page(incidents[0]))  # so are the component's known errors (problems.known_errors)
    before = queries(change_page(change)), queries(incident_page(incidents[0]))
    for incident in incidents[1:]:
        link(chain.po, change, incident)
    for kind in (LinkKind.FIXES,):
        link(chain.po, change, incidents[0], kind)
        link(chain.po, dictu_change, incidents[0], kind)
    client.get(reverse("home"))
    assert (queries(change_page(change)), queries(incident_page(incidents[0]))) == before


# --- API --------------------------------------------------------------------------------------------


@pytest.fixture
def api():
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def test_the_api_links_lists_and_unlinks(api, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    url = f"/api/changes/{change.pk}/links/"
    response = api(chain.kpn_operator).post(
        url, {"incident": incident.reference, "kind": "caused_by", "reason": "Begon na de patch"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["incident"] == {"reference": incident.reference, "title": incident.title, "status": "assigned"}
    assert body["change"]["reference"] == change.reference
    assert (body["kind"], body["reason"], body["created_by"]) == ("caused_by", "Begon na de patch", "kpn_operator")

    listed = api(chain.viewer).get(url)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == [body["id"]]

    response = api(chain.po).delete(f"{url}{body['id']}/", {"reason": "Andere oorzaak"}, format="json")
    assert response.status_code == 204
    assert not ChangeIncidentLink.objects.exists()


def test_the_api_refuses_duplicates_unknown_incidents_and_read_only_users(api, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    url = f"/api/changes/{change.pk}/links/"
    body = {"incident": incident.reference, "kind": "fixes", "reason": "Opgelost"}
    assert api(chain.kpn_operator).post(url, body, format="json").status_code == 201
    duplicate = api(chain.kpn_operator).post(url, body, format="json")
    assert duplicate.status_code == 400
    assert "al zo gekoppeld" in duplicate.json()["non_field_errors"][0]
    unknown = api(chain.kpn_operator).post(url, {**body, "incident": "INC-1999-000001"}, format="json")
    assert unknown.status_code == 400
    assert "incident" in unknown.json()
    assert api(chain.viewer).post(url, {**body, "kind": "caused_by"}, format="json").status_code == 403
    assert api(chain.website_operator).post(url, body, format="json").status_code == 404  # cannot see the change
    assert api(chain.ggd).get(url).status_code == 404
    assert ChangeIncidentLink.objects.count() == 1


def test_the_incident_api_lists_linked_changes_for_the_chain_only(api, chain, change, file_incident):
    incident = file_incident(chain.infrastructure, assign_to=chain.kpn)
    link(chain.kpn_operator, change, incident)
    url = f"/api/incidents/{incident.reference}/changes/"
    response = api(chain.kpn_operator).get(url)
    assert response.status_code == 200
    assert [(row["change"]["reference"], row["kind"]) for row in response.json()] == [(change.reference, "caused_by")]
    assert api(chain.ggd).get(url).status_code == 404
    assert api(chain.dictu_operator).get(url).status_code == 404  # cannot see the incident


def test_the_schema_describes_the_link_endpoints(api, chain):
    schema = api(chain.po).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/changes/{id}/links/"])
    assert "delete" in schema["paths"]["/api/changes/{id}/links/{link_pk}/"]
    assert "get" in schema["paths"]["/api/incidents/{reference}/changes/"]
