"""Oversized and malformed input: a clear 4xx with a message (pages: the form again, with the message
at the field, or the list with a notice), never a server error, and nothing half-written.

Every request runs against the permission matrix's objects; `unchanged` compares the row counts of
every table of the governance apps (records and history) before and after.
"""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from incidents.models import Incident
from tests.governance.matrix_world import build_world
from tests.governance.write_check import row_counts

HUGE = "x" * 1_000_000  # a 1 MB title
OVERFLOW = "99999999999999999999"  # past a 64-bit integer


@pytest.fixture(scope="module")
def world(demo_chain_snapshot, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world(demo_chain_snapshot)
        transaction.set_rollback(True)


@pytest.fixture
def as_user(world, db):
    def login(username):
        client = Client()
        client.force_login(world.users[username])
        return client

    return login


@contextmanager
def unchanged():
    """Nothing is written inside the block: no record, no history row, in any table of the apps."""
    before = row_counts()
    yield
    assert row_counts() == before, "rows were written"


def text(response) -> str:
    return response.content.decode()


# --- huge text --------------------------------------------------------------------------------


def test_a_huge_title_on_the_filing_page_is_refused_at_the_field(world, as_user):
    with unchanged():
        response = as_user("ggd").post(
            "/incidents/new/",
            {"title": HUGE, "component": world.component.pk, "impact": "low", "urgency": "low", "description": ""},
        )
    # The form comes back (Django's convention for a page form: 200) with the message at the field.
    assert response.status_code == 200
    assert "niet meer dan 200 tekens" in text(response)


def test_a_huge_title_over_the_api_is_a_400_naming_the_field(world, as_user):
    with unchanged():
        response = as_user("ggd").post(
            "/api/incidents/",
            {"title": HUGE, "component": world.component.slug, "impact": "low", "urgency": "low"},
            content_type="application/json",
        )
    assert response.status_code == 400
    assert "200" in response.json()["title"][0]


def test_a_body_over_the_upload_limit_is_a_400(world, as_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    with unchanged():
        page = as_user("ggd").post(
            "/incidents/new/",
            {
                "title": "Te groot",
                "component": world.component.pk,
                "impact": "low",
                "urgency": "low",
                "description": HUGE,
            },
        )
        api = as_user("ggd").post(
            "/api/incidents/",
            {
                "title": "Te groot",
                "component": world.component.slug,
                "impact": "low",
                "urgency": "low",
                "description": HUGE,
            },
            content_type="application/json",
        )
    assert page.status_code == 400  # Django's "Bad Request" page
    assert api.status_code == 413
    assert api.json()["detail"] == "De aanvraag is te groot."


def test_a_huge_reply_body_on_an_action_is_refused_whole(world, as_user):
    with unchanged():
        response = as_user("kpn").post(
            f"/api/incidents/{world.incident.reference}/hold/",
            {"waiting_for": "reporter", "reason": HUGE},
            content_type="application/json",
        )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_nul_characters_are_refused_not_sent_to_the_database(world, as_user):
    client = as_user("kpn")
    with unchanged():
        api = client.post(
            "/api/incidents/",
            {"title": "Nul\x00byte", "component": world.component.slug, "impact": "low", "urgency": "low"},
            content_type="application/json",
        )
        page = client.post(
            "/incidents/new/",
            {
                "title": "Nul\x00byte",
                "component": world.component.pk,
                "impact": "low",
                "urgency": "low",
                "description": "",
            },
        )
        by_reference = [
            client.get("/incidents/INC-2026-0%00/"),
            client.get("/api/incidents/INC-2026-0%00/"),
            client.get("/reports/weekly/2026-W0%00/"),
            client.get("/reports/monthly/2026-0%00/"),
        ]
        filters = [client.get("/api/incidents/?component=%00"), client.get("/api/changes/?q=%00")]
        # The API's form and multipart bodies as well as its JSON (a component slug looked up in a query).
        api_forms = [
            client.post("/api/changes/", {"title": "Nieuw", "components": "infra\x00structuur"}),
            client.post(
                "/api/changes/",
                "components=infra%00structuur&title=Nieuw",
                content_type="application/x-www-form-urlencoded",
            ),
        ]
    assert [response.status_code for response in api_forms] == [400, 400]
    assert api_forms[1].json()["detail"] == "Het verzoek bevat een ongeldig teken (NUL) en is niet verwerkt."
    assert api.status_code == 400
    assert api.json()["detail"] == "Het verzoek bevat een ongeldig teken (NUL) en is niet verwerkt."
    assert page.status_code == 400
    assert "Het verzoek bevat een ongeldig teken (NUL) en is niet verwerkt." in page.content.decode()
    assert [response.status_code for response in by_reference] == [404, 404, 404, 404]
    assert [response.status_code for response in filters] == [400, 400]


# --- wrong content type, broken bodies ----------------------------------------------------------


def test_a_text_body_to_a_json_endpoint_is_415(world, as_user):
    with unchanged():
        response = as_user("kpn").post("/api/incidents/", "title=Storing&component=backend", content_type="text/plain")
    assert response.status_code == 415
    assert "text/plain" in response.json()["detail"]


def test_malformed_json_is_a_400_with_the_parse_error(world, as_user):
    with unchanged():
        response = as_user("kpn").post(
            f"/api/incidents/{world.incident.reference}/acknowledge/", '{"version": ', content_type="application/json"
        )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_a_json_list_where_an_object_is_expected_is_a_400(world, as_user):
    with unchanged():
        response = as_user("kpn").post("/api/incidents/", ["title", "Storing"], content_type="application/json")
    assert response.status_code == 400
    assert response.json()


BROKEN_MULTIPART = (
    b'--grens\r\nContent-Disposition: form-data; name="title"\r\n\r\nStoring\r\n'
    b'--grens\r\nContent-Disposition: form-data; name="attachments"; filename="log.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\nafgebroken midden in het bestand"
)


@pytest.mark.parametrize(
    ("content_type", "page_status"),
    [
        # Cut off before the closing boundary: Django and DRF read the parts they got, so the form (page) and
        # the serializer (API, 400) name the fields that are missing.
        ("multipart/form-data; boundary=grens", 200),
        # No boundary to split on: refused as a whole.
        ("multipart/form-data", 400),
        ("multipart/form-data; boundary=", 400),
    ],
)
def test_broken_multipart_is_refused(world, as_user, content_type, page_status):
    client = as_user("ggd")
    with unchanged():
        page = client.generic("POST", "/incidents/new/", BROKEN_MULTIPART, content_type=content_type)
        api = client.generic("POST", "/api/incidents/", BROKEN_MULTIPART, content_type=content_type)
    assert page.status_code == page_status
    if page_status == 200:
        assert "Het formulier is niet verstuurd" in text(page)
    assert api.status_code == 400
    assert api.json()


def test_an_attachment_of_a_forbidden_type_files_nothing(world, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with unchanged():
        response = as_user("ggd").post(
            "/incidents/new/",
            {
                "title": "Met bijlage",
                "component": world.component.pk,
                "impact": "low",
                "urgency": "low",
                "description": "",
                "attachments": [
                    SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
                ],
            },
        )
    assert response.status_code == 200
    assert "virus.exe" in text(response) or "bestandstype" in text(response).lower()


# --- invalid dates and time zones ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "reported_from=2026-13-45",
        "reported_before=yesterday",
        "open_at=2026-02-30T10:00",
        "resolved_from=0001-01-01T00:00:00%2B05:00",  # before the year 1 in UTC
        "breached_before=9999-12-31T23:00:00-05:00",  # after the year 9999 in UTC
    ],
)
def test_invalid_dates_in_incident_filters(world, as_user, query):
    client = as_user("cibg")
    api = client.get(f"/api/incidents/?{query}")
    page = client.get(f"/incidents/?{query}")
    assert api.status_code == 400
    name = query.split("=")[0]
    assert name in api.json()
    assert page.status_code == 200
    assert "ongeldig" in text(page)


@pytest.mark.parametrize("offset", ["%2B18:39", "-19:42", "%2B23:59", "Z", "%2B14:00"])
def test_any_parseable_time_zone_offset_is_read_as_an_instant(world, as_user, offset):
    """PostgreSQL takes offsets only up to ±15:59; the filter converts to UTC first (this was a 500)."""
    client = as_user("cibg")
    for url in (
        f"/api/incidents/?reported_from=2020-03-01T10:00:00{offset}",
        f"/api/changes/?submitted_from=2020-03-01T10:00:00{offset}",
        f"/incidents/?reported_from=2020-03-01T10:00:00{offset}",
        f"/changes/?submitted_from=2020-03-01T10:00:00{offset}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/api/changes/calendar/?start=yesterday&end=2026-03-01",
        "/api/changes/calendar/?start=2026-03-01&end=2026-02-30",
        "/api/changes/calendar/?start=9999-12-31&end=9999-12-31",
        "/api/changes/calendar/?start=0001-01-01&end=0001-01-01",
        "/api/changes/?start=9999-12-31",
        "/api/changes/?end=9999-12-31",
        "/api/changes/?start=yesterday",
    ],
)
def test_invalid_or_out_of_range_dates_in_change_api_filters_are_400(world, as_user, url):
    response = as_user("cibg").get(url)
    assert response.status_code == 400, response.content
    assert response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/changes/?start=yesterday",
        "/changes/?start=9999-12-31",
        "/changes/?end=9999-12-31",
        "/changes/calendar/?month=9999-12",
        "/changes/calendar/?month=0001-01",
        "/changes/calendar/?month=2026-13",
        "/changes/calendar/list/?start=yesterday",
        "/changes/calendar/list/?start=9999-12-31&end=9999-12-31",
        "/changes/calendar/list/?start=0001-01-01&end=0001-01-01",
        "/responsibilities/?as_of=2026-13-45",
        "/responsibilities/?as_of=0001-01-01",
        "/parties/kpn/?as_of=yesterday",
    ],
)
def test_invalid_or_out_of_range_dates_on_pages_fall_back_with_a_notice(world, as_user, url):
    response = as_user("cibg").get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/reports/weekly/2026-W99/",
        "/reports/weekly/yesterday/",
        "/reports/weekly/9999-W52/",
        "/reports/weekly/0001-W01/",
        "/api/reports/weekly/2026-W99/",
        "/api/reports/weekly/9999-W52/",
        "/reports/monthly/2026-13/",
        "/reports/monthly/9999-12/",
        "/reports/monthly/0001-01/",
        "/reports/monthly/yesterday/",
    ],
)
def test_impossible_periods_in_report_urls_are_404(world, as_user, url):
    assert as_user("cibg").get(url).status_code == 404


# --- unknown enum values ---------------------------------------------------------------------------


def test_unknown_enum_values_in_api_bodies_are_400_per_field(world, as_user):
    client = as_user("kpn")
    reference = world.incident.reference
    with unchanged():
        filing = client.post(
            "/api/incidents/",
            {"title": "Storing", "component": world.component.slug, "impact": "catastrophic", "urgency": "low"},
            content_type="application/json",
        )
        triage = client.post(
            f"/api/incidents/{reference}/triage/",
            {"impact": "high", "urgency": "high", "priority": "P0", "reason": "Erg"},
            content_type="application/json",
        )
        hold = client.post(
            f"/api/incidents/{reference}/hold/",
            {"waiting_for": "godot", "reason": "Wachten"},
            content_type="application/json",
        )
        update = client.post(
            f"/api/incidents/{reference}/updates/",
            {"body": "Hallo", "visibility": "secret"},
            content_type="application/json",
        )
        link = client.post(
            f"/api/changes/{world.change.pk}/links/",
            {"incident": world.other_incident.reference, "kind": "blames", "reason": "x"},
            content_type="application/json",
        )
    assert filing.status_code == 400
    assert "impact" in filing.json()
    assert triage.status_code == 400
    assert "priority" in triage.json()
    assert hold.status_code == 400
    assert "waiting_for" in hold.json()
    assert update.status_code == 400
    assert "visibility" in update.json()
    assert link.status_code == 400
    assert "kind" in link.json()


def test_unknown_enum_values_in_filters(world, as_user):
    client = as_user("cibg")
    assert client.get("/api/incidents/?status=exploded").status_code == 400
    assert client.get("/api/changes/?status=exploded").status_code == 400
    assert client.get("/api/changes/?risk=extreme").status_code == 400
    assert client.get("/api/incidents/?ordering=password").status_code == 400
    page = client.get("/incidents/?status=exploded")
    assert page.status_code == 200
    assert "ongeldig" in text(page)
    assert client.get("/changes/?status=exploded").status_code == 200


def test_unknown_actions_in_page_urls_are_404(world, as_user):
    client = as_user("cibg")
    with unchanged():
        assert client.post(f"/incidents/{world.incident.reference}/explode/").status_code == 404
        assert client.post(f"/changes/{world.change.pk}/explode/").status_code == 404


def test_unknown_choices_on_page_forms_change_nothing(world, as_user):
    client = as_user("kpn")
    with unchanged():
        response = client.post(
            f"/incidents/{world.incident.reference}/triage/",
            {"triage-impact": "catastrophic", "triage-urgency": "high", "triage-priority": "P0"},
        )
    assert response.status_code == 302
    messages = [str(message) for message in client.get(response["Location"]).context["messages"]]
    assert any("geldige keuze" in message for message in messages), messages


# --- integer overflow and malformed ids --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/changes/{OVERFLOW}/",
        f"/api/changes/{OVERFLOW}/",
        f"/api/changes/{OVERFLOW}/links/",
        f"/agreements/{OVERFLOW}/",
        f"/calendars/{OVERFLOW}/",
        f"/api/parties/{OVERFLOW}/",
        f"/api/components/{OVERFLOW}/",
        f"/api/role-assignments/{OVERFLOW}/",
        f"/api/agreements/{OVERFLOW}/",
        f"/api/calendars/{OVERFLOW}/",
        f"/api/change-templates/{OVERFLOW}/",
        f"/api/blackout-windows/{OVERFLOW}/",
        "/api/changes/-1/",
        "/api/changes/1e3/",
        "/api/parties/abc/",
        "/api/incidents/INC-9999-99999999999999999999/",
    ],
)
def test_overflowing_and_malformed_ids_are_404(world, as_user, url):
    assert as_user("cibg").get(url).status_code == 404


def test_overflowing_ids_in_posts_are_404_and_change_nothing(world, as_user):
    client = as_user("po")
    reference = world.incident.reference
    with unchanged():
        responses = {
            "blackout delete": client.post(f"/changes/blackouts/{OVERFLOW}/delete/"),
            "link delete": client.post(f"/changes/links/{OVERFLOW}/delete/"),
            "change action": client.post(f"/changes/{OVERFLOW}/assess/"),
            "change move": client.post(f"/changes/{OVERFLOW}/move/"),
            "attachment": client.get(f"/incidents/{reference}/attachments/{OVERFLOW}/"),
            "api move": client.post(f"/api/changes/{OVERFLOW}/move/", {"position": 1}, content_type="application/json"),
            "api unlink": client.delete(f"/api/changes/{world.change.pk}/links/{OVERFLOW}/"),
        }
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 404)


def test_overflowing_numbers_in_bodies_are_refused(world, as_user):
    client = as_user("po")
    big = int(OVERFLOW)
    with unchanged():
        version = client.post(
            f"/api/incidents/{world.incident.reference}/acknowledge/", {"version": big}, content_type="application/json"
        )
        change_version = client.post(
            f"/api/changes/{world.change.pk}/cancel/", {"version": big, "reason": "x"}, content_type="application/json"
        )
        page_version = client.post(
            f"/readiness/{world.readiness.key}/",
            {"status": "done", "evidence_url": "", "note": "", "reason": "Klaar", "version": OVERFLOW},
        )
    # A version nobody has read is a stale version (409) or refused as input (400); never a server error.
    assert version.status_code in (400, 409)
    assert change_version.status_code in (400, 409)
    assert page_version.status_code in (200, 302)
    position = client.post(f"/api/changes/{world.change.pk}/move/", {"position": big}, content_type="application/json")
    assert position.status_code in (200, 400)


# --- unknown fields ------------------------------------------------------------------------------------


def test_unknown_and_read_only_api_fields_are_ignored_consistently(world, as_user):
    """DRF's convention, kept everywhere: fields the endpoint does not take are ignored, never applied."""
    client = as_user("kpn")
    response = client.post(
        "/api/incidents/",
        {
            "title": "Storing",
            "component": world.component.slug,
            "impact": "low",
            "urgency": "low",
            "priority": "P1",
            "status": "closed",
            "reference": "INC-1999-000001",
            "assigned_party": "kpn",
            "hacker": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    created = Incident.objects.get(reference=response.json()["reference"])
    assert created.reference != "INC-1999-000001"
    assert (created.priority, created.status, created.assigned_party) == ("P4", "new", None)

    triage = client.post(
        f"/api/incidents/{world.incident.reference}/triage/",
        {"impact": "low", "urgency": "low", "status": "closed", "assigned_party": "dictu"},
        content_type="application/json",
    )
    assert triage.status_code == 200
    world.incident.refresh_from_db()
    assert (world.incident.status, world.incident.assigned_party.slug) == ("assigned", "kpn")

    start = timezone.now() + timedelta(days=60)
    change = client.post(
        "/api/changes/",
        {
            "title": "Wijziging",
            "motivation": "Nodig",
            "change_type": "normal",
            "requesting_party": "kpn",
            "components": [world.component.slug],
            "implementation_plan": "Plan",
            "rollback_plan": "Terug",
            "test_evidence": "Getest",
            "proposed_start": start.isoformat(),
            "proposed_end": (start + timedelta(hours=1)).isoformat(),
            "status": "approved",
            "risk": "low",
            "rank": 1,
        },
        content_type="application/json",
    )
    assert change.status_code == 201, change.content
    assert (change.json()["status"], change.json()["risk"]) == ("submitted", "")
