"""The audit page (/audit/) and its CSV export: who may read them, what the filters select, that the export
is the page's filtered set, that a page costs the same queries however many rows it shows, and that no page,
admin view or API endpoint changes or deletes a history row."""

import logging
import re
from datetime import UTC, date, datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.history import delete_tracked, history_recorded_at, save_tracked, tracked_models
from governance.audit.selectors import AuditFilter, audit_rows, describe, optional_columns
from parties import services as party_services
from parties.models import Agreement, Component, Party, Role
from tests.governance.test_permission_matrix import walk_urls
from tests.spreadsheets import read_rows

PAGE = reverse("audit:entry_list")
EXPORT = reverse("audit:export")
ROW = re.compile(r'data-history="([a-z_.]+):(\d+)"')


def amsterdam(*args) -> datetime:
    return timezone.make_aware(datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def as_user(demo_user, client):
    def log_in(username):
        client.force_login(demo_user(username))
        return client

    return log_in


@pytest.fixture
def activity(demo_user):
    """Changes by known people at known moments (Europe/Amsterdam), on top of the demo chain's history.

    - KPN's operator changes the backend's description on 2 March 2026 at 00:30 (1 March, 23:30 UTC);
    - DICTU's operator renames the iOS app on 5 March 2026 at 12:00;
    - the administrator creates and deletes a party on 6 March 2026;
    - a newcomer changes a component on 1 March 2026 and only joins DICTU on 3 March."""
    kpn, dictu, beheerder = demo_user("kpn"), demo_user("dictu"), demo_user("beheerder")
    newcomer = get_user_model().objects.create_user("nieuw", first_name="Nina", last_name="Nieuw")
    party_services.role_assign(
        actor=beheerder,
        reason="Begint bij DICTU",
        user=newcomer,
        party=Party.objects.get(slug="dictu"),
        role=Role.OPERATOR,
        valid_from=date(2026, 3, 3),
    )
    with history_recorded_at(amsterdam(2026, 3, 1, 15, 0)):
        party_services.component_save(
            actor=newcomer,
            reason="Voor de start",
            component=Component.objects.get(slug="hsm"),
            description="Sleutels",
        )
    with history_recorded_at(amsterdam(2026, 3, 2, 0, 30)):
        party_services.component_save(
            actor=kpn,
            reason="Nachtelijke correctie",
            component=Component.objects.get(slug="backend"),
            description="Servers van KPN",
        )
    with history_recorded_at(amsterdam(2026, 3, 5, 12, 0)):
        party_services.component_save(
            actor=dictu, reason="Nieuwe naam", component=Component.objects.get(slug="ios-app"), name="iOS app"
        )
    with history_recorded_at(amsterdam(2026, 3, 6, 9, 0)):
        temporary = party_services.party_save(
            actor=beheerder, reason="Proef", name="Tijdelijk", slug="tijdelijk", kind="operator"
        )
        delete_tracked(temporary, actor=beheerder, reason="Proef voorbij")
    return {"kpn": kpn, "dictu": dictu, "beheerder": beheerder, "newcomer": newcomer}


def page_rows(client, query: str = "") -> list[tuple[str, int]]:
    """(model, history id) of every row the page shows, over all its pages."""
    found, number = [], 1
    while True:
        response = client.get(f"{PAGE}?{query}&page={number}")
        assert response.status_code == 200
        found += [(model, int(history_id)) for model, history_id in ROW.findall(response.content.decode())]
        if not response.context["page"].has_next():
            return found
        number += 1


EXPORT_KEYS = [
    "history_id",
    "model",
    "model_name",
    "object_id",
    "object",
    "action",
    "time_utc",
    "user",
    "user_party",
    "reason",
    "changed_fields",
]


def export_header(client, query: str = "") -> list[str]:
    return export_table(client, query)[0]


def export_rows(client, query: str = "") -> list[dict]:
    """The exported rows keyed by column (the header itself is in the reader's language)."""
    _header, *rows = export_table(client, query)
    return [dict(zip([*EXPORT_KEYS, *optional_columns()], row, strict=True)) for row in rows]


def export_table(client, query: str) -> list[list[str]]:
    response = client.get(f"{EXPORT}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return read_rows(b"".join(response.streaming_content))


def all_history() -> dict[tuple[str, int], dict]:
    """Every history row of every tracked model, as stored."""
    return {
        (model._meta.label_lower, row["history_id"]): row
        for model in tracked_models()
        for row in model.history.model._default_manager.values()
    }


# --- who may read it ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("ggd", 404),  # reporter
        ("kpn", 404),  # operator
        ("cibg", 404),  # operator of the regie party
        ("po", 404),  # Product Owner
        ("architect", 404),  # System Architect
        ("vws", 200),  # viewer at the business owner
        ("opdrachtgever", 200),  # business owner representative
        ("beheerder", 200),  # administrator (superuser)
    ],
)
@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_only_administrators_and_the_business_owner_may_read_it(as_user, username, status, url):
    assert as_user(username).get(url).status_code == status


def test_the_administrator_role_without_superuser_status_may_read_it(demo_user, client):
    user = get_user_model().objects.create_user("beheer2")
    party_services.role_assign(
        actor=demo_user("beheerder"),
        reason="Tweede beheerder",
        user=user,
        party=Party.objects.get(slug="cibg"),
        role=Role.ADMINISTRATOR,
        valid_from=date(2020, 1, 1),
    )
    client.force_login(user)
    assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_anonymous_visitors_are_sent_to_log_in(demo_chain, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("username", "shown"), [("beheerder", True), ("vws", True), ("po", False), ("kpn", False)])
def test_the_navigation_links_to_it_for_those_who_may_read_it(as_user, username, shown):
    html = as_user(username).get(reverse("home")).content.decode()
    assert (f'href="{PAGE}"' in html) is shown


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [PAGE, EXPORT])
def test_it_is_read_only(as_user, activity, method, url):
    before = all_history()
    response = getattr(as_user("beheerder"), method)(url)
    assert response.status_code == 405
    assert all_history() == before


@pytest.mark.parametrize("method", ["post", "delete"])
def test_writes_by_roles_without_access_are_404_not_405(as_user, method):
    assert getattr(as_user("kpn"), method)(PAGE).status_code == 404


# --- what it shows --------------------------------------------------------------------------------


def test_it_shows_every_history_row_newest_first(as_user, activity):
    rows = page_rows(as_user("beheerder"))
    assert sorted(rows) == sorted(all_history())
    dates = [all_history()[key]["history_date"] for key in rows]
    assert dates == sorted(dates, reverse=True)


def test_a_row_says_who_for_which_party_what_and_why(as_user, activity):
    response = as_user("vws").get(f"{PAGE}?user=kpn")
    (entry,) = response.context["entries"]
    backend = Component.objects.get(slug="backend")
    assert entry.user == activity["kpn"]
    assert entry.parties == ["KPN"]
    assert (entry.model_name, entry.object_name, entry.action_label) == ("Component", backend.name, "gewijzigd")
    assert entry.url == reverse("parties:component_detail", kwargs={"slug": "backend"})
    assert entry.reason == "Nachtelijke correctie"
    assert entry.changed_fields == ["Omschrijving"]
    html = response.content.decode()
    assert "Nachtelijke correctie" in html
    assert 'href="/components/backend/"' in html


def test_a_deleted_record_is_shown_without_a_link(as_user, activity):
    entries = as_user("beheerder").get(f"{PAGE}?model=parties.party&since=2026-03-06").context["entries"]
    assert [(entry.action, entry.object_name, entry.url) for entry in entries] == [
        ("-", "Tijdelijk", None),
        ("+", "Tijdelijk", None),
    ]
    assert entries[0].reason == "Proef voorbij"


def test_many_to_many_changes_are_named(as_user, demo_user):
    agreement = Agreement.objects.get(reference="UC-CIBG-KPN")
    save_tracked(
        agreement,
        actor=demo_user("beheerder"),
        reason="Zonder de HSM",
        m2m={"components": agreement.components.exclude(slug="hsm")},
    )
    entries = as_user("beheerder").get(f"{PAGE}?model=parties.agreement").context["entries"]
    assert entries[0].reason == "Zonder de HSM"
    assert entries[0].changed_field_names == ["components"]


# --- filters --------------------------------------------------------------------------------------


def test_filter_by_user(as_user, activity):
    rows = page_rows(as_user("beheerder"), "user=dictu")
    assert rows == [("parties.component", Component.objects.get(slug="ios-app").history.latest().history_id)]


def test_filter_by_party_counts_changes_made_while_a_member(as_user, activity):
    """The newcomer's change of 1 March predates their DICTU membership (from 3 March): not DICTU's."""
    client = as_user("beheerder")
    dictu = page_rows(client, "party=dictu")
    assert dictu == page_rows(client, "user=dictu")
    newcomer = page_rows(client, "user=nieuw")
    assert len(newcomer) == 1
    assert newcomer[0] not in dictu
    kpn = page_rows(client, "party=kpn")
    assert kpn == page_rows(client, "user=kpn")


def test_filter_by_model(as_user, activity):
    rows = page_rows(as_user("beheerder"), "model=parties.component")
    expected = [key for key in all_history() if key[0] == "parties.component"]
    assert sorted(rows) == sorted(expected)


def test_filter_by_period_uses_dutch_days_both_included(as_user, activity):
    """KPN's change was at 00:30 on 2 March in Amsterdam, still 1 March in UTC."""
    client = as_user("beheerder")
    kpn_change = page_rows(client, "user=kpn")[0]
    assert kpn_change in page_rows(client, "since=2026-03-02&until=2026-03-02")
    assert kpn_change not in page_rows(client, "since=2026-03-01&until=2026-03-01")
    assert kpn_change not in page_rows(client, "since=2026-03-03")
    assert page_rows(client, "since=2026-03-05&until=2026-03-05&user=dictu") == page_rows(client, "user=dictu")


def test_filters_combine(as_user, activity):
    client = as_user("beheerder")
    assert page_rows(client, "party=kpn&model=parties.party") == []
    assert len(page_rows(client, "party=cibg&model=parties.party&since=2026-03-06")) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=yesterday", "since"),
        ("until=2026-13-45", "until"),
        ("since=0001-01-01", "since"),
        ("until=9999-12-31", "until"),
        ("since=2026-03-05&until=2026-03-01", "since"),
        ("party=nobody", "party"),
        ("user=ghost", "user"),
        ("model=auth.group", "model"),
        ("model=parties.historicalparty", "model"),
    ],
)
def test_bad_filter_input_is_named_never_a_server_error(as_user, activity, query, field):
    client = as_user("beheerder")
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    assert field in response.context["form"].errors
    messages = [str(message) for message in response.context["messages"]]
    assert any("ongeldig" in message for message in messages)
    # The bad filter is left out; the page still shows the rest.
    assert response.context["page"].paginator.count == len(all_history())
    export = client.get(f"{EXPORT}?{query}")
    assert export.status_code == 400
    assert "ongeldig" in export.content.decode()


def test_a_bad_page_number_shows_a_page(as_user, activity):
    assert as_user("beheerder").get(f"{PAGE}?page=abc").status_code == 200
    assert as_user("beheerder").get(f"{PAGE}?page=99999999999999999999").status_code == 200


# --- the export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "party=kpn", "model=parties.component&since=2026-03-01", "user=beheerder"])
def test_the_export_is_the_pages_filtered_set(as_user, activity, query):
    client = as_user("beheerder")
    exported = export_rows(client, query)
    assert [(row["model"], int(row["history_id"])) for row in exported] == page_rows(client, query)


def test_the_export_gives_utc_times_and_traceable_rows(as_user, activity):
    exported = export_rows(as_user("vws"), "user=kpn")
    (row,) = exported
    stored = all_history()[(row["model"], int(row["history_id"]))]
    assert row["time_utc"] == "2026-03-01T23:30:00+00:00" == stored["history_date"].astimezone(UTC).isoformat()
    assert row["object_id"] == str(stored["id"])
    assert (row["action"], row["user"], row["user_party"], row["changed_fields"]) == (
        "gewijzigd",
        "kpn",
        "KPN",
        "description",
    )


def test_the_export_carries_the_columns_every_history_table_has(as_user, activity):
    """The API token a write came through and the audit chain's position and seal, once the tables have them."""
    columns = optional_columns()
    assert export_header(as_user("beheerder")) == [
        "historie-id",
        "model",
        "soort gegeven",
        "object-id",
        "object",
        "handeling",
        "tijd (UTC)",
        "gebruiker",
        "partij van de gebruiker",
        "reden",
        "gewijzigde velden",
        *columns,
    ]
    exported = export_rows(as_user("beheerder"))
    stored = all_history()
    for row in exported:
        record = stored[(row["model"], int(row["history_id"]))]
        assert [row[name] for name in columns] == [
            "" if record[name] is None else str(record[name]) for name in columns
        ]


def test_the_export_is_logged_as_a_security_event(as_user, activity, caplog):
    with caplog.at_level(logging.INFO, logger="regie.security"):
        export_rows(as_user("beheerder"), "model=parties.party")
    (record,) = [record for record in caplog.records if getattr(record, "security", {}).get("event") == "export"]
    assert record.security["what"] == "audit csv"
    assert record.security["filters"]["model"] == "parties.party"
    assert record.security["username"] == "beheerder"


def test_free_text_cannot_become_a_spreadsheet_formula(as_user, demo_user):
    party_services.component_save(
        actor=demo_user("beheerder"),
        reason='=HYPERLINK("http://example.org")',
        component=Component.objects.get(slug="hsm"),
        description="x",
    )
    (row,) = export_rows(as_user("beheerder"), "model=parties.component&since=2026-01-01")[:1]
    assert row["reason"] == '\'=HYPERLINK("http://example.org")'


# --- cost -----------------------------------------------------------------------------------------


def _queries(client, query: str) -> tuple[int, int]:
    client.get(f"{PAGE}?{query}")  # the service catalogue, dropped by the writes before, is read back once
    with CaptureQueriesContext(connection) as page:
        response = client.get(f"{PAGE}?{query}")
    with CaptureQueriesContext(connection) as export:
        export_rows(client, query)
    return len(response.context["entries"]), len(page), len(export)


def test_queries_do_not_grow_with_the_rows_shown(as_user, demo_user):
    client = as_user("beheerder")
    beheerder, kpn = demo_user("beheerder"), demo_user("kpn")
    components = list(Component.objects.order_by("pk"))

    def change(count):
        for number in range(count):
            actor = kpn if number % 2 else beheerder
            component = components[number % len(components)]
            party_services.component_save(
                actor=actor, reason=f"Wijziging {number}", component=component, description=f"Versie {number}"
            )

    query = "model=parties.component&since=2026-01-01"
    change(3)
    few_rows, few_page, few_export = _queries(client, query)
    change(45)
    many_rows, many_page, many_export = _queries(client, query)
    assert (few_rows, many_rows) == (3, 48)
    assert many_page == few_page
    assert many_export == few_export


def test_queries_per_page_are_bounded_by_the_models_not_the_rows(as_user, activity):
    """The whole demo history on one page: at most a handful of queries per model on it."""
    with CaptureQueriesContext(connection) as queries:
        entries = describe(audit_rows(AuditFilter())[:50], activity["beheerder"])
    models_on_page = {entry.model for entry in entries}
    assert len(queries) <= 2 + 4 * len(models_on_page) + 7


# --- history is never changed through the UI or the API ------------------------------------------


def test_no_historical_model_is_registered_in_the_admin():
    assert not [model for model in admin.site._registry if model.__name__.startswith("Historical")]


def test_no_url_outside_the_admin_reaches_history_rows():
    """History is read through the records' own pages and this read-only page; no route addresses a history row."""
    routes = [(name, route) for name, route in walk_urls() if not route.startswith("admin/")]
    assert not [(name, route) for name, route in routes if "histor" in (name or "") + route]


def test_a_revert_in_the_admin_adds_a_row_and_leaves_the_old_ones(as_user, activity):
    """simple-history's "revert" (SIMPLE_HISTORY_EDIT is off) saves the old version as a new change, with a
    reason; the rows before it stay as they were."""
    client = as_user("beheerder")
    component = Component.objects.get(slug="backend")
    oldest = component.history.earliest()
    before = all_history()
    url = reverse("admin:parties_component_simple_history", args=[component.pk, oldest.history_id])
    assert client.get(url).status_code == 200
    form = {
        "name": oldest.name,
        "slug": oldest.slug,
        "public_name": oldest.public_name,
        "description": oldest.description,
        "is_active": "on" if oldest.is_active else "",
        "operating_party": oldest.operating_party_id or "",
        "hosting_party": oldest.hosting_party_id or "",
        "monitoring_party": oldest.monitoring_party_id or "",
        "change_reason": "Terug naar de eerste versie",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = all_history()
    assert {key: after[key] for key in before} == before
    (new,) = set(after) - set(before)
    assert new[0] == "parties.component"
    assert after[new]["history_change_reason"] == "Terug naar de eerste versie"
    assert after[new]["history_type"] == "~"


def test_deleting_a_record_in_the_admin_adds_a_row_and_leaves_the_old_ones(as_user, demo_user):
    client = as_user("beheerder")
    calendar = party_services.calendar_save(
        actor=demo_user("beheerder"), reason="Proef", name="Proefkalender", always_open=True
    )
    before = all_history()
    response = client.post(
        reverse("admin:parties_servicecalendar_delete", args=[calendar.pk]),
        {"post": "yes", "delete_reason": "Proef afgelopen"},
    )
    assert response.status_code == 302
    after = all_history()
    assert {key: after[key] for key in before} == before
    (new,) = set(after) - set(before)
    assert (after[new]["history_type"], after[new]["history_change_reason"]) == ("-", "Proef afgelopen")


def test_deleting_a_user_in_the_admin_leaves_their_history_rows(as_user, demo_user):
    """A user who wrote history cannot be deleted in the admin (simple-history would set history_user to NULL on
    every row they wrote); the admin says to deactivate the account instead."""
    author = get_user_model().objects.create_user("auteur")
    party_services.component_save(
        actor=author, reason="Door de auteur", component=Component.objects.get(slug="hsm"), description="y"
    )
    before = all_history()
    as_user("beheerder").post(reverse("admin:auth_user_delete", args=[author.pk]), {"post": "yes"})
    assert get_user_model().objects.filter(pk=author.pk).exists()
    after = all_history()
    assert {key: after.get(key) for key in before} == before


def test_the_page_speaks_english(as_user, activity):
    client = as_user("vws")
    client.cookies["django_language"] = "en"
    html = client.get(f"{PAGE}?user=kpn").content.decode()
    assert "Changed fields" in html
    assert "Download as CSV" in html
    assert re.search(r"\b1 change\b", html)
    assert ">changed<" in html
