import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tokens import token_create
from parties.models import Agreement, Component, Party, PartyKind, Priority, Role, ServiceCalendar
from tests.factories import (
    AgreementFactory,
    AgreementTargetFactory,
    ComponentFactory,
    PartyFactory,
    RoleAssignmentFactory,
    ServiceCalendarFactory,
    UserFactory,
)

ENDPOINTS = ["/api/parties/", "/api/components/", "/api/role-assignments/", "/api/agreements/", "/api/calendars/"]


def results(response, key):
    assert response.status_code == 200, response.content
    return {item[key] for item in response.json()["results"]}


def references(response):
    return results(response, "reference")


def detail_url(endpoint, pk):
    return f"{endpoint}{pk}/"


# --- authentication ---------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_requests_are_refused(demo_chain, client, endpoint):
    response = client.get(endpoint)

    # Token authentication comes first and sends a WWW-Authenticate challenge, so DRF answers 401.
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "results" not in response.json()


def test_a_wrong_token_is_refused(demo_chain, client):
    response = client.get("/api/parties/", HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_token_gives_access_as_its_user(demo_user, client, endpoint):
    _token, secret = token_create(actor=demo_user("kpn"), name="test")

    response = client.get(endpoint, HTTP_AUTHORIZATION=f"Token {secret}")

    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_a_token_sees_what_its_user_may_see(demo_user, client):
    _token, secret = token_create(actor=demo_user("kpn"), name="test")

    response = client.get("/api/agreements/", HTTP_AUTHORIZATION=f"Token {secret}")

    assert references(response) == {"UC-CIBG-KPN"}


# --- lists, pagination, visibility ------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_lists_are_paginated(demo_user, client, endpoint):
    client.force_login(demo_user("po"))

    body = client.get(endpoint).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"])
    assert body["next"] is None


def test_a_long_list_continues_on_the_next_page(demo_user, client):
    kpn = Party.objects.get(slug="kpn")
    for number in range(50):
        ComponentFactory(name=f"Extra {number:02}", slug=f"extra-{number:02}", operating_party=kpn)
    client.force_login(demo_user("po"))

    first = client.get("/api/components/").json()
    second = client.get(first["next"]).json()

    total = Component.objects.count()
    assert first["count"] == total
    assert len(first["results"]) == 50
    assert len(second["results"]) == total - 50
    assert second["next"] is None
    seen = {item["slug"] for item in first["results"]} | {item["slug"] for item in second["results"]}
    assert seen == set(Component.objects.values_list("slug", flat=True))


def test_the_reporter_sees_only_its_own_party(demo_user, client):
    client.force_login(demo_user("ggd"))

    assert results(client.get("/api/parties/"), "slug") == {"ggd-ghor"}
    for endpoint in ENDPOINTS[1:]:
        assert client.get(endpoint).json()["count"] == 0


def test_role_assignments_of_an_operator_are_its_own(demo_user, client):
    client.force_login(demo_user("kpn"))

    body = client.get("/api/role-assignments/").json()

    assert [(item["user"], item["party"]["slug"], item["role"]) for item in body["results"]] == [
        ("kpn", "kpn", Role.OPERATOR)
    ]


def test_an_agreement_shows_its_parties_components_and_targets(demo_user, client):
    client.force_login(demo_user("kpn"))
    agreement = Agreement.objects.get(reference="UC-CIBG-KPN")

    body = client.get(detail_url("/api/agreements/", agreement.pk)).json()

    assert body["provider"]["slug"] == "kpn"
    assert body["customer"]["slug"] == "cibg"
    assert {component["slug"] for component in body["components"]} == set(
        agreement.components.values_list("slug", flat=True)
    )
    targets = {target["priority"]: target for target in body["targets"]}
    assert set(targets) == {"P1", "P2", "P3", "P4"}
    # P1 runs on its own calendar, the rest on the agreement's.
    assert targets["P1"]["calendar"] == ServiceCalendar.objects.get(name="24×7").pk
    assert targets["P2"]["calendar"] == agreement.calendar_id


def test_a_calendar_shows_its_opening_hours(demo_user, client):
    client.force_login(demo_user("kpn"))
    office = ServiceCalendar.objects.get(name="Kantooruren NL")

    body = client.get(detail_url("/api/calendars/", office.pk)).json()

    assert body["weekly_hours"][0] == [["08:00", "17:00"]]
    assert body["weekly_hours"][6] == []


# --- filters ----------------------------------------------------------------------------------------


@pytest.fixture
def po_client(demo_user, client):
    client.force_login(demo_user("po"))
    return client


def test_agreements_by_provider(po_client):
    assert references(po_client.get("/api/agreements/", {"provider": "kpn"})) == {"UC-CIBG-KPN"}
    assert references(po_client.get("/api/agreements/", {"customer": "vws"})) == {"SLA-VWS-CIBG"}


def test_agreements_by_kind(po_client):
    expected = set(Agreement.objects.filter(kind="UC").values_list("reference", flat=True))

    found = references(po_client.get("/api/agreements/", {"kind": "UC"}))

    assert found == expected
    assert "SLA-VWS-CIBG" not in found
    assert "UC-CIBG-KPN" in found


def test_agreements_by_component_list_each_once(po_client):
    response = po_client.get("/api/agreements/", {"component": "hsm"})

    assert references(response) == {"SLA-VWS-CIBG", "UC-CIBG-JUSTID", "UC-CIBG-KPN", "UC-CIBG-KDNV"}
    assert response.json()["count"] == 4


def test_agreements_in_force_on_a_day(po_client):
    kpn, cibg = Party.objects.get(slug="kpn"), Party.objects.get(slug="cibg")
    AgreementFactory(
        reference="UC-OUD",
        provider=kpn,
        customer=cibg,
        calendar=ServiceCalendar.objects.get(name="Kantooruren NL"),
        valid_from=date(2020, 1, 1),
        valid_to=date(2020, 12, 31),
    )

    on_last_day = references(po_client.get("/api/agreements/", {"in_force_on": "2020-12-31"}))
    day_after = references(po_client.get("/api/agreements/", {"in_force_on": "2021-01-01"}))
    before_transition = references(po_client.get("/api/agreements/", {"in_force_on": "2020-09-30"}))

    assert "UC-OUD" in on_last_day
    assert "UC-OUD" not in day_after
    assert "UC-CIBG-KPN" in day_after
    assert before_transition == {"UC-OUD"}


def test_parties_by_kind_and_parent(po_client):
    operators = set(Party.objects.filter(kind=PartyKind.OPERATOR).values_list("slug", flat=True))

    assert results(po_client.get("/api/parties/", {"kind": "operator"}), "slug") == operators
    assert {"kpn", "dictu"} <= operators
    below_cibg = results(po_client.get("/api/parties/", {"parent": "cibg"}), "slug")
    assert below_cibg == set(Party.objects.filter(parent__slug="cibg").values_list("slug", flat=True))
    assert "kpn" in below_cibg
    assert "vws" not in below_cibg


def test_components_by_operating_party(po_client):
    found = results(po_client.get("/api/components/", {"operating_party": "dictu"}), "slug")

    assert found == {"ios-app", "android-app"}


def test_role_assignments_by_party(po_client):
    found = results(po_client.get("/api/role-assignments/", {"party": "kpn"}), "user")

    assert found == {"kpn"}


@pytest.mark.parametrize(
    ("endpoint", "query", "field"),
    [
        ("/api/agreements/", {"in_force_on": "not-a-date"}, "in_force_on"),
        ("/api/agreements/", {"kind": "XYZ"}, "kind"),
        ("/api/parties/", {"kind": "XYZ"}, "kind"),
        ("/api/role-assignments/", {"active_on": "2021-13-45"}, "active_on"),
        ("/api/role-assignments/", {"role": "koning"}, "role"),
    ],
)
def test_an_invalid_filter_value_answers_400_naming_the_field(po_client, endpoint, query, field):
    response = po_client.get(endpoint, query)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_ordering(po_client):
    body = po_client.get("/api/parties/", {"ordering": "-name"}).json()

    names = [item["name"] for item in body["results"]]
    assert names == sorted(names, reverse=True)


# --- what a user may not see answers 404 ------------------------------------------------------------


def test_an_operator_gets_404_for_an_agreement_outside_its_chain(demo_user, client):
    client.force_login(demo_user("kpn"))

    own = client.get(detail_url("/api/agreements/", Agreement.objects.get(reference="UC-CIBG-KPN").pk))
    other = client.get(detail_url("/api/agreements/", Agreement.objects.get(reference="UC-CIBG-DICTU").pk))

    assert own.status_code == 200
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("endpoint", "lookup"),
    [
        ("/api/components/", lambda: Component.objects.get(slug="hsm").pk),
        ("/api/agreements/", lambda: Agreement.objects.get(reference="SLA-VWS-CIBG").pk),
        ("/api/calendars/", lambda: ServiceCalendar.objects.get(name="Kantooruren NL").pk),
        ("/api/parties/", lambda: Party.objects.get(slug="cibg").pk),
    ],
)
def test_a_reporter_gets_404_for_the_chains_records(demo_user, client, endpoint, lookup):
    client.force_login(demo_user("ggd"))

    assert client.get(detail_url(endpoint, lookup())).status_code == 404


def test_an_unknown_id_answers_404(po_client):
    assert po_client.get("/api/agreements/999999/").status_code == 404


# --- read-only --------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_api_is_read_only(demo_user, client, endpoint):
    client.force_login(demo_user("beheerder"))
    pk = client.get(endpoint).json()["results"][0]["id"]
    counts = [model.objects.count() for model in (Party, Component, Agreement, ServiceCalendar)]

    assert client.post(endpoint, {"name": "Nieuw"}, content_type="application/json").status_code == 405
    assert client.put(detail_url(endpoint, pk), {"name": "X"}, content_type="application/json").status_code == 405
    assert client.patch(detail_url(endpoint, pk), {"name": "X"}, content_type="application/json").status_code == 405
    assert client.delete(detail_url(endpoint, pk)).status_code == 405
    assert [model.objects.count() for model in (Party, Component, Agreement, ServiceCalendar)] == counts


def test_the_api_is_read_only_with_a_token_too(demo_user, client):
    _token, secret = token_create(actor=demo_user("beheerder"), name="test")

    response = client.post(
        "/api/parties/", {"name": "Nieuw"}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {secret}"
    )

    assert response.status_code == 405


# --- schema and docs --------------------------------------------------------------------------------


def test_the_schema_describes_every_endpoint(po_client):
    response = po_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for endpoint in ENDPOINTS:
        assert endpoint in schema["paths"]
        assert f"{endpoint}{{id}}/" in schema["paths"]
        assert set(schema["paths"][endpoint]) == {"get"}
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/agreements/"]["get"]["parameters"]}
    assert {"provider", "customer", "component", "kind", "in_force_on", "page"} <= parameters


def test_the_api_docs_use_only_local_assets(po_client):
    response = po_client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    # The page's own script is a file too (no inline script under the Content-Security-Policy); it loads the schema.
    assert "/api/schema/" in po_client.get(scripts[-1].replace("&amp;", "&")).content.decode()
    stylesheets = re.findall(r"<link[^>]*\shref=\"([^\"]+)\"", html)
    assert scripts, "the Swagger UI bundle is loaded"
    assert all(not re.match(r"(https?:)?//", url) for url in scripts + stylesheets), scripts + stylesheets


def test_the_schema_and_docs_need_a_log_in(client, demo_user):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 401
    assert "paths" not in schema.content.decode()
    docs = client.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/?next=/api/docs/")

    client.force_login(demo_user("ggd"))
    assert client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").status_code == 200
    assert client.get("/api/docs/").status_code == 200


# --- query counts do not grow with the list ---------------------------------------------------------


def grow_chain(numbers):
    """Per number a subcontractor of KPN with a component, a UC with targets, a calendar and a role."""
    kpn = Party.objects.get(slug="kpn")
    for number in numbers:
        sub = PartyFactory(name=f"Onderaannemer {number}", slug=f"onder-{number}", kind=PartyKind.HOSTING, parent=kpn)
        component = ComponentFactory(
            name=f"Extra {number}",
            slug=f"extra-{number}",
            operating_party=kpn,
            hosting_party=sub,
            monitoring_party=kpn,
        )
        calendar = ServiceCalendarFactory(name=f"Kalender {number}")
        agreement = AgreementFactory(
            reference=f"UC-EXTRA-{number}",
            provider=sub,
            customer=kpn,
            calendar=calendar,
            valid_from=date(2020, 1, 1),
            components=[component],
        )
        AgreementTargetFactory(agreement=agreement, priority=Priority.P1, response_minutes=10, resolution_minutes=60)
        AgreementTargetFactory(agreement=agreement, priority=Priority.P2, response_minutes=30, resolution_minutes=90)
        RoleAssignmentFactory(user=UserFactory(username=f"onder-{number}"), party=sub, role=Role.OPERATOR)


@pytest.mark.parametrize("username", ["po", "kpn"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_queries_do_not_grow_with_the_list(demo_user, client, django_assert_max_num_queries, endpoint, username):
    client.force_login(demo_user(username))
    grow_chain([0])

    with CaptureQueriesContext(connection) as small:
        small_count = client.get(endpoint).json()["count"]
    grow_chain(range(1, 21))
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as large:
        large_count = client.get(endpoint).json()["count"]

    assert large_count >= small_count + 20
    assert len(large) == len(small)
