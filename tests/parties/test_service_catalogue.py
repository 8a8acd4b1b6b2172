"""The service catalogue: services with an owner, their components, dependencies between components
(with history, never on itself, never round), the pages that show them and who reaches them."""

import pytest
from django.core.exceptions import ValidationError

from parties import services
from parties.catalogue import impact_of
from parties.models import Component, ComponentDependency, Service
from tests.factories import ChangeFactory, ComponentFactory, PartyFactory, UserFactory, sent_for_approval


@pytest.fixture
def admin(db):
    return UserFactory(username="admin-catalogue")


def depend(admin, component, depends_on):
    return services.dependency_add(actor=admin, reason="Architectuurplaat", component=component, depends_on=depends_on)


def test_a_dependency_is_recorded_with_who_and_why(admin):
    app, server = ComponentFactory(), ComponentFactory()
    dependency = depend(admin, app, server)
    record = dependency.history.get()
    assert (record.history_user, record.history_change_reason) == (admin, "Architectuurplaat")
    assert list(server.dependents.values_list("component__name", flat=True)) == [app.name]


def test_a_component_never_depends_on_itself(admin):
    app = ComponentFactory()
    with pytest.raises(ValidationError) as refused:
        depend(admin, app, app)
    assert "zichzelf" in str(refused.value)
    assert not ComponentDependency.objects.exists()


def test_a_dependency_that_would_close_a_cycle_is_refused(admin):
    app, backend, server = ComponentFactory(), ComponentFactory(), ComponentFactory()
    depend(admin, app, backend)
    depend(admin, backend, server)
    with pytest.raises(ValidationError) as refused:
        depend(admin, server, app)
    assert "rond" in str(refused.value)
    assert ComponentDependency.objects.count() == 2


def test_the_demo_places_every_component_in_a_service_with_its_owner(demo_chain):
    assert not Component.objects.filter(service__isnull=True).exists()
    owners = dict(Service.objects.values_list("slug", "owner__slug"))
    assert owners == {"coronamelder": "vws", "oplossing-ii": "ggd-ghor"}
    assert Component.objects.filter(service__slug="oplossing-ii").count() >= 2


def test_what_a_disruption_reaches_follows_dependencies_through_others(demo_chain, demo_user):
    # Oplossing II runs on the backend infrastructure; the backend, the apps and the GGD portal need it too.
    infrastructure = Component.objects.get(slug="infrastructuur")
    impact = impact_of(demo_user("po"), infrastructure)
    reached = {entry.slug for entry in impact.dependents}
    assert {"backend", "ios-app", "ggd-portaal", "o2-applicatie", "o2-koppeling"} <= reached
    assert "website" not in reached
    assert {entry.slug for entry in impact.services} == {"coronamelder", "oplossing-ii"}


def test_the_catalogue_page_shows_service_components_and_both_directions(client, demo_user):
    client.force_login(demo_user("architect"))
    listing = client.get("/services/").content.decode()
    assert "Oplossing II" in listing
    assert "GGD GHOR Nederland" in listing
    page = client.get("/services/oplossing-ii/").content.decode()
    table = page[page.index('id="service-components"') :]
    assert "Oplossing II-applicatie" in table
    assert "Backend-infrastructuur" in table  # what the application depends on, in another service
    assert "(CoronaMelder)" in table
    component = client.get("/components/infrastructuur/").content.decode()
    assert "Oplossing II-applicatie" in dependencies_section(component)


def dependencies_section(page: str) -> str:
    return page.split('id="dependencies"')[1].split("</dl>")[0]


def test_a_new_dependency_shows_at_once_on_the_pages(client, demo_user):
    client.force_login(demo_user("architect"))
    assert "Website coronamelder.nl" not in dependencies_section(client.get("/components/backend/").content.decode())
    depend(
        demo_user("beheerder"),
        Component.objects.get(slug="website"),
        Component.objects.get(slug="backend"),
    )
    page = client.get("/components/backend/").content.decode()
    assert "Website coronamelder.nl" in dependencies_section(page)


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("ggdghor", "/services/", 200),
        ("ggdghor", "/services/oplossing-ii/", 200),
        ("ggdghor", "/services/coronamelder/", 404),  # not its service
        ("ggd", "/services/oplossing-ii/", 404),  # a reporter at the owner is no owner's reader
        ("vws", "/services/oplossing-ii/", 200),
        ("dictu", "/services/oplossing-ii/", 200),
    ],
)
def test_who_reaches_a_service_page(client, demo_user, username, path, status):
    client.force_login(demo_user(username))
    assert client.get(path).status_code == status


def test_the_owner_lists_only_its_own_services(client, demo_user):
    client.force_login(demo_user("ggdghor"))
    page = client.get("/services/").content.decode()
    table = page[page.index('id="services"') :]
    assert "Oplossing II" in table
    assert "CoronaMelder" not in table


def test_a_service_changes_owner_with_history(demo_chain, demo_user):
    service = Service.objects.get(slug="oplossing-ii")
    other = PartyFactory(slug="nieuwe-eigenaar", name="Nieuwe eigenaar")
    services.service_save(actor=demo_user("beheerder"), reason="Overdracht", service=service, owner=other)
    first, last = service.history.order_by("history_date", "history_id")
    assert first.owner.slug == "ggd-ghor"
    assert (last.owner, last.history_change_reason) == (other, "Overdracht")


def test_the_api_names_each_components_service_and_filters_on_it(client, demo_user):
    client.force_login(demo_user("kpn"))
    listed = client.get("/api/components/?service=oplossing-ii").json()["results"]
    assert {row["slug"] for row in listed} == set(
        Component.objects.filter(service__slug="oplossing-ii").values_list("slug", flat=True)
    )
    assert {row["service"] for row in listed} == {"oplossing-ii"}


def test_a_new_owner_reads_the_service_at_once_even_with_a_shared_cache(
    client, demo_user, settings, django_capture_on_commit_callbacks
):
    settings.PRINCIPAL_CACHE_TIMEOUT = 600  # standings kept across requests, as with CACHE_URL
    client.force_login(demo_user("ggdghor"))
    assert client.get("/services/oplossing-ii/").status_code == 200  # its standing is now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.service_save(
            actor=demo_user("beheerder"),
            reason="Overdracht aan VWS",
            service=Service.objects.get(slug="oplossing-ii"),
            owner=demo_user("vws").role_assignments.get().party,
        )
    assert client.get("/services/oplossing-ii/").status_code == 404


def test_the_owners_home_page_lists_the_high_risk_change_waiting_for_it(client, demo_user):
    change = sent_for_approval(ChangeFactory(components=[Component.objects.get(slug="o2-applicatie")]), "high")
    client.force_login(demo_user("ggdghor"))
    page = client.get("/").content.decode()
    assert change.reference in page
    client.force_login(demo_user("opdrachtgever"))
    assert change.reference not in client.get("/").content.decode()
