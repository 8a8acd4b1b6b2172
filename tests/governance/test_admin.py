from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from governance.models import ReadinessItem
from parties.models import Agreement, Component, Party, ServiceCalendar
from tests.factories import ComponentFactory

TARGETS_MANAGEMENT = {
    "targets-TOTAL_FORMS": "0",
    "targets-INITIAL_FORMS": "0",
    "targets-MIN_NUM_FORMS": "0",
    "targets-MAX_NUM_FORMS": "1000",
    "compliance_threshold-TOTAL_FORMS": "0",
    "compliance_threshold-INITIAL_FORMS": "0",
    "compliance_threshold-MIN_NUM_FORMS": "0",
    "compliance_threshold-MAX_NUM_FORMS": "1",
}


@pytest.fixture
def admin_client_for(demo_user, client):
    client.force_login(demo_user("beheerder"))
    return client


def party_form(party, **changes):
    data = {
        "name": party.name,
        "slug": party.slug,
        "kind": party.kind,
        "parent": party.parent_id or "",
        "description": party.description,
        "is_active": "on" if party.is_active else "",
    }
    data.update(changes)
    return data


# --- who may enter -----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["ggd", "vws", "kpn"])
def test_chain_users_without_staff_status_are_sent_to_the_admin_login(demo_user, client, username):
    client.force_login(demo_user(username))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={reverse('admin:index')}"


def test_anonymous_visitors_are_sent_to_the_admin_login(demo_chain, client):
    response = client.get(reverse("admin:parties_party_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_administrator_can_enter(admin_client_for):
    response = admin_client_for.get(reverse("admin:index"))

    assert response.status_code == 200
    assert 'href="/admin/parties/party/"' in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:parties_party_changelist",
        "admin:parties_component_changelist",
        "admin:parties_roleassignment_changelist",
        "admin:parties_agreement_changelist",
        "admin:parties_servicecalendar_changelist",
        "admin:parties_agreement_add",
        "admin:parties_party_add",
    ],
)
def test_the_admin_pages_open(admin_client_for, url_name):
    assert admin_client_for.get(reverse(url_name)).status_code == 200


# --- a change needs a reason, which lands in the history ----------------------------------------------


def test_changing_a_party_without_a_reason_is_refused(admin_client_for):
    kpn = Party.objects.get(slug="kpn")
    rows_before = kpn.history.count()

    response = admin_client_for.post(
        reverse("admin:parties_party_change", args=[kpn.pk]), party_form(kpn, description="Zonder reden")
    )

    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    kpn.refresh_from_db()
    assert kpn.description == ""
    assert kpn.history.count() == rows_before


def test_changing_a_party_records_the_reason_and_the_administrator(admin_client_for, demo_user):
    kpn = Party.objects.get(slug="kpn")
    rows_before = kpn.history.count()

    response = admin_client_for.post(
        reverse("admin:parties_party_change", args=[kpn.pk]),
        party_form(kpn, description="Hosting en netwerk", change_reason="Omschrijving uit het contract"),
    )

    assert response.status_code == 302
    kpn.refresh_from_db()
    assert kpn.description == "Hosting en netwerk"
    assert kpn.history.count() == rows_before + 1
    latest = kpn.history.latest()
    assert latest.history_change_reason == "Omschrijving uit het contract"
    assert latest.history_user == demo_user("beheerder")


def test_the_admin_refuses_a_cycle_in_the_chain(admin_client_for):
    cibg, kpn = Party.objects.get(slug="cibg"), Party.objects.get(slug="kpn")

    response = admin_client_for.post(
        reverse("admin:parties_party_change", args=[cibg.pk]),
        party_form(cibg, parent=kpn.pk, change_reason="Fout"),
    )

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    cibg.refresh_from_db()
    assert cibg.parent is None


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        ("party", lambda: Party.objects.get(slug="kpn")),
        ("component", lambda: Component.objects.get(slug="website")),
        ("agreement", lambda: Agreement.objects.get(reference="UC-CIBG-KPN")),
        ("servicecalendar", lambda: ServiceCalendar.objects.get(name="Kantooruren NL")),
    ],
)
def test_the_admin_history_page_opens(admin_client_for, model, lookup):
    record = lookup()

    response = admin_client_for.get(reverse(f"admin:parties_{model}_history", args=[record.pk]))

    assert response.status_code == 200
    assert "Demo-gegevens: keten CoronaMelder" in response.content.decode()


def test_the_admin_history_page_shows_an_admin_change(admin_client_for):
    kpn = Party.objects.get(slug="kpn")
    admin_client_for.post(
        reverse("admin:parties_party_change", args=[kpn.pk]),
        party_form(kpn, description="Hosting", change_reason="Omschrijving uit het contract"),
    )

    html = admin_client_for.get(reverse("admin:parties_party_history", args=[kpn.pk])).content.decode()

    assert "Omschrijving uit het contract" in html


# --- agreements ----------------------------------------------------------------------------------------


def agreement_form(**fields):
    data = {
        "reference": "UC-CIBG-KPN-2",
        "title": "Extra hosting",
        "kind": "UC",
        "provider": Party.objects.get(slug="kpn").pk,
        "customer": Party.objects.get(slug="cibg").pk,
        "components": [Component.objects.get(slug="backend").pk],
        "calendar": ServiceCalendar.objects.get(name="Kantooruren NL").pk,
        "underpins": "",
        "valid_from": "2024-01-01",
        "valid_to": "",
        "description": "",
        "change_reason": "Nieuw contract",
        **TARGETS_MANAGEMENT,
    }
    data.update(fields)
    return data


def test_adding_an_overlapping_agreement_in_the_admin_is_refused(admin_client_for):
    response = admin_client_for.post(reverse("admin:parties_agreement_add"), agreement_form())

    assert response.status_code == 200
    assert "UC-CIBG-KPN" in " ".join(response.context["adminform"].form.non_field_errors())
    assert "UC-CIBG-KPN" in response.content.decode()
    assert not Agreement.objects.filter(reference="UC-CIBG-KPN-2").exists()


def test_adding_an_agreement_after_the_existing_one_ends_is_accepted(admin_client_for, demo_user):
    existing = Agreement.objects.get(reference="UC-CIBG-KPN")
    existing.valid_to = date(2023, 12, 31)
    existing.save()

    response = admin_client_for.post(
        reverse("admin:parties_agreement_add"),
        agreement_form(
            **{
                "targets-TOTAL_FORMS": "1",
                "targets-0-priority": "P1",
                "targets-0-response_minutes": "15",
                "targets-0-resolution_minutes": "240",
                "targets-0-calendar": "",
                "targets-0-availability_percent": "",
            }
        ),
    )

    assert response.status_code == 302
    agreement = Agreement.objects.get(reference="UC-CIBG-KPN-2")
    assert [component.slug for component in agreement.components.all()] == ["backend"]
    assert agreement.history.latest().history_change_reason == "Nieuw contract"
    assert agreement.history.latest().history_user == demo_user("beheerder")
    target = agreement.targets.get()
    assert target.history.get().history_change_reason == "Nieuw contract"


def components_in(row):
    return {through.component.slug for through in row.components.all()}


def test_adding_an_agreement_records_one_history_row_with_its_components(admin_client_for, demo_user):
    website, hsm = Component.objects.get(slug="website"), Component.objects.get(slug="hsm")

    response = admin_client_for.post(
        reverse("admin:parties_agreement_add"),
        agreement_form(reference="OLA-KPN-CIBG", kind="OLA", components=[website.pk]),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(reference="OLA-KPN-CIBG")
    (row,) = agreement.history.all()
    assert (row.history_type, row.history_change_reason, row.history_user) == (
        "+",
        "Nieuw contract",
        demo_user("beheerder"),
    )
    assert components_in(row) == {"website"}

    response = admin_client_for.post(
        reverse("admin:parties_agreement_change", args=[agreement.pk]),
        agreement_form(reference="OLA-KPN-CIBG", kind="OLA", components=[hsm.pk], change_reason="Ander component"),
    )
    assert response.status_code == 200  # hsm is already covered by UC-CIBG-KPN between KPN and CIBG
    assert agreement.history.count() == 1

    response = admin_client_for.post(
        reverse("admin:parties_agreement_change", args=[agreement.pk]),
        agreement_form(
            reference="OLA-KPN-CIBG", kind="OLA", components=[website.pk], title="Website", change_reason="Titel"
        ),
    )
    assert response.status_code == 302
    assert agreement.history.count() == 2
    latest = agreement.history.latest()
    assert (latest.history_type, latest.history_change_reason, latest.title) == ("~", "Titel", "Website")
    assert components_in(latest) == {"website"}


def test_changing_the_components_in_the_admin_records_one_row_with_the_new_set(admin_client_for):
    agreement = Agreement.objects.get(reference="UC-CIBG-KPN")
    kept = list(agreement.components.exclude(slug="hsm"))
    rows_before = agreement.history.count()

    response = admin_client_for.post(
        reverse("admin:parties_agreement_change", args=[agreement.pk]),
        agreement_form(
            reference=agreement.reference,
            title=agreement.title,
            valid_from="2020-10-01",
            components=[component.pk for component in kept],
            underpins=agreement.underpins_id,
            change_reason="HSM naar JustID",
        ),
    )

    assert response.status_code == 302
    assert agreement.history.count() == rows_before + 1
    latest = agreement.history.latest()
    assert latest.history_change_reason == "HSM naar JustID"
    assert components_in(latest) == {component.slug for component in kept}
    assert "hsm" in components_in(agreement.history.earliest())


def test_an_agreement_covering_other_components_between_the_same_parties_is_accepted(admin_client_for):
    response = admin_client_for.post(
        reverse("admin:parties_agreement_add"),
        agreement_form(components=[Component.objects.get(slug="website").pk]),
    )

    assert response.status_code == 302
    assert Agreement.objects.filter(reference="UC-CIBG-KPN-2").exists()


def test_changing_an_agreement_in_the_admin_does_not_clash_with_itself(admin_client_for):
    agreement = Agreement.objects.get(reference="UC-CIBG-KPN")
    components = list(agreement.components.values_list("pk", flat=True))

    response = admin_client_for.post(
        reverse("admin:parties_agreement_change", args=[agreement.pk]),
        agreement_form(
            reference=agreement.reference,
            title="Infrastructuur, hosting en netwerk",
            valid_from="2020-10-01",
            components=components,
            underpins=agreement.underpins_id,
            change_reason="Titel verduidelijkt",
            **{"targets-TOTAL_FORMS": "0", "targets-INITIAL_FORMS": "0"},
        ),
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Infrastructuur, hosting en netwerk"
    assert agreement.history.latest().history_change_reason == "Titel verduidelijkt"


def test_reverting_an_agreement_from_its_history_asks_a_reason_and_records_one_row(admin_client_for):
    agreement = Agreement.objects.get(reference="UC-CIBG-KPN")
    original = agreement.history.earliest()
    admin_client_for.post(
        reverse("admin:parties_agreement_change", args=[agreement.pk]),
        agreement_form(
            reference=agreement.reference,
            title="Tijdelijke titel",
            valid_from="2020-10-01",
            components=list(agreement.components.values_list("pk", flat=True)),
            underpins=agreement.underpins_id,
            change_reason="Proef",
        ),
    )
    url = reverse("admin:parties_agreement_simple_history", args=[agreement.pk, original.history_id])
    assert admin_client_for.get(url).status_code == 200

    response = admin_client_for.post(
        url,
        agreement_form(
            reference=agreement.reference,
            title=original.title,
            valid_from="2020-10-01",
            components=[through.component_id for through in original.components.all()],
            underpins=agreement.underpins_id,
            change_reason="Terug naar het origineel",
        ),
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == original.title
    assert agreement.history.count() == 3
    assert agreement.history.latest().history_change_reason == "Terug naar het origineel"


def test_deleting_in_the_admin_asks_a_reason_and_records_it_in_the_history(admin_client_for, demo_user):
    component = ComponentFactory(
        name="Testomgeving", slug="testomgeving", public_name="Test", operating_party=Party.objects.get(slug="kpn")
    )
    url = reverse("admin:parties_component_delete", args=[component.pk])

    assert 'name="delete_reason"' in admin_client_for.get(url).content.decode()
    refused = admin_client_for.post(url, {"post": "yes"})
    assert refused.status_code == 200
    assert "delete_reason" in refused.context["delete_reason_form"].errors
    assert Component.objects.filter(pk=component.pk).exists()

    response = admin_client_for.post(url, {"post": "yes", "delete_reason": "Omgeving opgeheven"})

    assert response.status_code == 302
    assert not Component.objects.filter(pk=component.pk).exists()
    deleted = Component.history.filter(id=component.pk).latest()
    assert (deleted.history_type, deleted.history_change_reason) == ("-", "Omgeving opgeheven")
    assert deleted.history_user == demo_user("beheerder")


def test_a_readiness_link_typed_without_its_scheme_is_read_as_https(rf, demo_user):
    request = rf.get("/")
    request.user = demo_user("beheerder")
    form_class = admin.site.get_model_admin(ReadinessItem).get_form(request)

    assert form_class.base_fields["evidence_url"].clean("example.org/bewijs") == "https://example.org/bewijs"
