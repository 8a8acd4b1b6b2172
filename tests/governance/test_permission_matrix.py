"""The permission matrix: every URL of the portal and every API endpoint, driven as every demo role.

`MATRIX` below is the decision on record: per URL name, how to fill in its arguments from the
objects built once for this module, and what each role gets for GET (and, on URLs that act, for
POST or DELETE with a minimal valid-looking payload). `test_every_url_has_an_entry` walks the URL
resolver: a URL added without a row here fails the suite, so nobody adds a page or an endpoint
without deciding who may reach it. Admin URLs follow one rule (`test_admin_is_for_staff_only`).

The rules the rows follow (DESIGN §5, README "Who sees what"):

- a record a role may not see answers 404, never 403 (its existence does not leak);
- a role that sees a record but may not act on it gets 403 from the API and, on pages, a redirect back
  to the page with the reason as a message; either way nothing is written (checked on every refusal);
  a page the role may not use at all (filing an incident as a viewer) answers the portal's 403 page;
- an action the workflow does not allow in the record's state answers 409 (API);
- anonymous: pages redirect to /accounts/login/, the API answers 401 or 403.

The objects: an incident filed by the GGD on KPN's backend infrastructure and routed to KPN (with a
public attachment and a raised SLA breach, so it has an evidence pack; declared a major incident coordinated by
the CIBG operator), a second incident on the
backend (new), a normal change requested by KPN and submitted, a link between that change and the
incident, an approved standard change, a freeze period, a standard-change template, the weekly
report of last week, the demo readiness checklist, the demo chain's parties, components,
agreements, calendars and role assignments, and a problem, a recurrence proposal and an action from the
architect's analysis (problem_world.py; their rows in problem_matrix.py). The objects are built in
matrix_world.py; the rows for changes, the incident API and major incidents are in change_matrix.py,
incident_api_matrix.py and major_matrix.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from changes.models import ChangeRequest
from parties.models import Party

from .change_matrix import change_rows
from .incident_api_matrix import incident_api_rows
from .major_matrix import major_rows
from .matrix_world import World, build_world
from .problem_matrix import problem_rows
from .write_check import writes_mark

ROLES = ("anonymous", "ggd", "kpn", "dictu", "po", "architect", "vws", "beheerder")
ROLE_NOTES = {
    "anonymous": "not logged in",
    "ggd": "reporter (GGD GHOR, the user organisation that filed the incident)",
    "kpn": "operator of the party the incident is assigned to and that requested the change",
    "dictu": "operator of another party, outside the incident's and the change's part of the chain",
    "po": "Product Owner (CIBG, regie)",
    "architect": "System Architect (CIBG, regie)",
    "vws": "viewer (VWS, business owner; reads everything, writes nothing)",
    "beheerder": "administrator (CIBG, superuser and staff)",
}

# Expected outcomes besides plain status codes.
LOGIN = "302→login"  # a page for anonymous users: redirect to /accounts/login/?next=…
# Anonymous on the API: 401 with a WWW-Authenticate header naming the token scheme (token authentication comes
# first in REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES).
ANON_API = "401 Token"


@dataclass(frozen=True)
class Refused:
    """A page that refuses with a message and a redirect back to the page; nothing may be written."""

    status: int = 302

    def __str__(self):
        return f"{self.status} (refused)"


R302 = Refused(302)
NO = 405  # method not allowed


def row(*outcomes) -> dict[str, Any]:
    """One row of the matrix, in the order of ROLES: anonymous, ggd, kpn, dictu, po, architect, vws, beheerder."""
    assert len(outcomes) == len(ROLES), outcomes
    return dict(zip(ROLES, outcomes, strict=True))


@dataclass
class Entry:
    kwargs: Callable[[World], dict] = lambda w: {}
    get: dict | None = None
    post: dict | None = None
    delete: dict | None = None
    payload: Callable[[World, Any], dict] | None = None  # (world, user) → data for POST/DELETE
    query: str = ""  # appended to the GET URL
    json: bool = False  # send the payload as JSON (the API)


# --- the objects -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(demo_chain_snapshot, django_db_blocker):
    """The objects, built once for the module inside a transaction that is rolled back at its end;
    every test runs in its own savepoint on top (pytest-django's `db`), and every request below in
    one more, so nothing one role does is seen by the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(demo_chain_snapshot)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker) -> dict[str, str]:
    """A logged-in session per role, made once in the module's transaction; each test's requests run in savepoints
    rolled back after them, so every test starts from these sessions as they were made."""
    keys = {}
    with django_db_blocker.unblock():
        for role in ROLES[1:]:
            client = Client()
            client.force_login(world.users[role])
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


# --- payloads ----------------------------------------------------------------------------------


def _own_party(user) -> Party | None:
    return Party.objects.filter(role_assignments__user=user).order_by("pk").first() if user else None


def change_request_form(w: World, user) -> dict:
    start = timezone.localtime(timezone.now() + timedelta(days=40))
    party = _own_party(user)
    return {
        "title": "Nieuwe wijziging",
        "requesting_party": party.pk if party else "",
        "change_type": "normal",
        "components": [w.component.pk],
        "motivation": "Nodig",
        "implementation_plan": "Stap voor stap",
        "rollback_plan": "Terug",
        "test_evidence": "Getest",
        "proposed_start": start.strftime("%Y-%m-%dT%H:%M"),
        "proposed_end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "save_draft": "1",
    }


def change_request_api(w: World, user) -> dict:
    party = _own_party(user)
    start = timezone.now() + timedelta(days=40)
    return {
        "title": "Nieuwe wijziging",
        "motivation": "Nodig",
        "change_type": "normal",
        "requesting_party": party.slug if party else "kpn",
        "components": [w.component.slug],
        "implementation_plan": "Stap voor stap",
        "rollback_plan": "Terug",
        "test_evidence": "Getest",
        "proposed_start": start.isoformat(),
        "proposed_end": (start + timedelta(hours=1)).isoformat(),
        "submit": False,
    }


def fixed(data: dict) -> Callable[[World, Any], dict]:
    return lambda w, user: data


ASSESSMENT = {
    "citizen_impact": "none",
    "rollback_tested": True,
    "done_before": True,
    "downtime_expected": False,
    "security_sensitive": False,
}

# --- the matrix --------------------------------------------------------------------------------
# Columns:            anonymous  ggd  kpn  dictu  po  architect  vws  beheerder

ALL_PAGES = row(LOGIN, 200, 200, 200, 200, 200, 200, 200)
PUBLIC_PAGES = row(200, 200, 200, 200, 200, 200, 200, 200)  # no log-in, nothing personal or internal
CHAIN_PAGES = row(LOGIN, 404, 200, 200, 200, 200, 200, 200)  # the reporter's side has no such page
KPN_RECORD_PAGE = row(LOGIN, 404, 200, 404, 200, 200, 200, 200)  # a record in KPN's part of the chain
INCIDENT_PAGE = row(LOGIN, 200, 200, 404, 200, 200, 200, 200)  # the GGD filed it, KPN holds it
POST_ONLY_PAGE = row(LOGIN, NO, NO, NO, NO, NO, NO, NO)
AUDIT_PAGES = row(LOGIN, 404, 404, 404, 404, 404, 200, 200)  # the audit trail: administrators and VWS
AUDIT_WRITES = row(LOGIN, 404, 404, 404, 404, 404, NO, NO)  # history is never written through it
CHAIN_POST_ONLY_PAGE = row(LOGIN, 404, NO, NO, NO, NO, NO, NO)

API_ALL = row(ANON_API, 200, 200, 200, 200, 200, 200, 200)
API_CHAIN_RECORD = row(ANON_API, 404, 200, 200, 200, 200, 200, 200)
API_KPN_RECORD = row(ANON_API, 404, 200, 404, 200, 200, 200, 200)
API_INCIDENT = row(ANON_API, 200, 200, 404, 200, 200, 200, 200)
API_POST_ONLY = row(ANON_API, NO, NO, NO, NO, NO, NO, NO)
# POST on the submitted change, for actions the workflow does not allow from "submitted" (checked first): 409.
API_CHANGE_WRONG_STATE = row(ANON_API, 404, 409, 404, 409, 409, 409, 409)


def incident_ref(w: World) -> dict:
    return {"reference": w.incident.reference}


def change_pk(w: World) -> dict:
    return {"pk": w.change.pk}


def other_ref(w: World) -> dict:
    return {"reference": w.other_incident.reference}


MATRIX: dict[str, Entry] = {
    # --- project -------------------------------------------------------------------------------
    "home": Entry(get=ALL_PAGES),
    # For monitoring: everyone, signed in or not; it names checks and outcomes only (tests/core/test_health.py).
    "healthz": Entry(get=row(200, 200, 200, 200, 200, 200, 200, 200)),
    # Single sign-on is off in the tests' settings: both answer 404 (tests/browser/test_sso_journey.py turns it on).
    "oidc_authentication_init": Entry(get=row(404, 404, 404, 404, 404, 404, 404, 404)),
    "oidc_authentication_callback": Entry(get=row(404, 404, 404, 404, 404, 404, 404, 404)),
    "login": Entry(get=row(200, 200, 200, 200, 200, 200, 200, 200)),
    "logout": Entry(get=row(NO, NO, NO, NO, NO, NO, NO, NO), post=row(302, 302, 302, 302, 302, 302, 302, 302)),
    # Every signed-in user may set up a second factor; verification is asked only of a session that owes it (see
    # tests/core/test_second_factor.py), others are sent on.
    "second_factor_setup": Entry(get=ALL_PAGES),
    "second_factor_verify": Entry(get=row(LOGIN, 302, 302, 302, 302, 302, 302, 302)),
    # Every signed-in user manages their own API tokens; revoking is a POST on one of their own.
    "tokens": Entry(get=ALL_PAGES),
    "token_revoke": Entry(kwargs=lambda w: {"pk": 1}, get=POST_ONLY_PAGE),
    # Every signed-in user chooses their own mail; a post changes only their own choices.
    "notifications:preferences": Entry(
        get=ALL_PAGES,
        post=row(LOGIN, 302, 302, 302, 302, 302, 302, 302),
        payload=fixed({"language": "nl", "kind_incident_assigned": "digest"}),
    ),
    "set_language": Entry(
        get=row(302, 302, 302, 302, 302, 302, 302, 302),  # back to where the user came from
        post=row(302, 302, 302, 302, 302, 302, 302, 302),
        payload=fixed({"language": "en", "next": "/"}),
    ),
    # The schema and its docs page map the whole API: only for users who have logged in (SERVE_PERMISSIONS).
    "schema": Entry(get=row(ANON_API, 200, 200, 200, 200, 200, 200, 200)),
    "api_docs": Entry(get=row(LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    # --- incidents (pages) ----------------------------------------------------------------------
    "incidents:incident_list": Entry(get=ALL_PAGES),
    # The list's rows as CSV: everyone exports what their own list shows (tests/incidents/test_list_export.py).
    "incidents:incident_export": Entry(get=ALL_PAGES),
    "incidents:incident_file": Entry(
        get=row(LOGIN, 200, 200, 200, 200, 200, 403, 200),
        post=row(LOGIN, 302, 302, 302, 302, 302, 403, 302),
        payload=lambda w, user: {
            "title": "Inloggen lukt niet",
            "component": w.component.pk,
            "impact": "low",
            "urgency": "low",
            "description": "",
        },
    ),
    "incidents:incident_detail": Entry(incident_ref, get=INCIDENT_PAGE),
    "incidents:attachment": Entry(
        lambda w: {"reference": w.incident.reference, "pk": w.attachment.pk}, get=INCIDENT_PAGE
    ),
    "incidents:incident_evidence": Entry(incident_ref, get=KPN_RECORD_PAGE),
    "incidents:incident_evidence_pdf": Entry(incident_ref, get=KPN_RECORD_PAGE),
    "incidents:incident_action": Entry(
        lambda w: {"reference": w.incident.reference, "action": "acknowledge"},
        get=POST_ONLY_PAGE,
        post=row(LOGIN, R302, 302, 404, 302, 302, R302, 302),
    ),
    # --- reports --------------------------------------------------------------------------------
    "reports:dashboard": Entry(get=CHAIN_PAGES),
    "reports:weekly_latest": Entry(get=row(LOGIN, 404, 302, 302, 302, 302, 302, 302)),
    "reports:weekly": Entry(lambda w: {"label": w.report.label}, get=CHAIN_PAGES),
    "reports:weekly_pdf": Entry(lambda w: {"label": w.report.label}, get=CHAIN_PAGES),
    # The backlog of the chain: an operator's report has no chain-wide row, so no page behind it either.
    "reports:weekly_records": Entry(
        lambda w: {"label": w.report.label}, query="?figure=backlog", get=row(LOGIN, 404, 404, 404, 200, 200, 200, 200)
    ),
    "monthly:monthly_summary_latest": Entry(get=row(LOGIN, 302, 302, 302, 302, 302, 302, 302)),
    "monthly:monthly_summary": Entry(lambda w: {"month": w.month}, get=ALL_PAGES),
    # --- readiness ------------------------------------------------------------------------------
    "readiness:readinessitem_list": Entry(get=CHAIN_PAGES),
    "readiness:readinessitem_detail": Entry(
        lambda w: {"key": w.readiness.key},
        get=CHAIN_PAGES,
        post=row(LOGIN, 404, R302, R302, 302, R302, R302, 302),
        payload=lambda w, user: {
            "status": "done",
            "evidence_url": "https://example.org/bewijs",
            "note": "",
            "reason": "Afgerond",
            "version": w.readiness.version,
        },
    ),
    # --- audit: administrators and the business owner (VWS) only; read-only ---------------------
    "audit:entry_list": Entry(get=AUDIT_PAGES, post=AUDIT_WRITES, delete=AUDIT_WRITES),
    "audit:export": Entry(get=AUDIT_PAGES, post=AUDIT_WRITES),
    # --- parties (pages) ------------------------------------------------------------------------
    "parties:party_list": Entry(get=ALL_PAGES),
    "parties:party_detail": Entry(lambda w: {"slug": w.party.slug}, get=CHAIN_PAGES),
    "parties:component_list": Entry(get=ALL_PAGES),
    "parties:component_detail": Entry(lambda w: {"slug": w.component.slug}, get=CHAIN_PAGES),
    "parties:responsibility_matrix": Entry(get=ALL_PAGES),
    # The catalogue: the reporter's side sees no service (an empty list); a service's page is for the chain
    # (and its owner, tests/parties/test_service_catalogue.py).
    "parties:service_list": Entry(get=ALL_PAGES),
    "parties:service_detail": Entry(lambda w: {"slug": "coronamelder"}, get=CHAIN_PAGES),
    "parties:agreement_list": Entry(get=ALL_PAGES),
    "parties:agreement_detail": Entry(lambda w: {"pk": w.agreement.pk}, get=KPN_RECORD_PAGE),
    "parties:calendar_detail": Entry(lambda w: {"pk": w.calendar.pk}, get=CHAIN_PAGES),
    # --- public status page (tests/statuspage/test_views.py: nothing personal or internal on it) -------------
    "statuspage:status_page": Entry(get=PUBLIC_PAGES),
    "statuspage:status_feed": Entry(get=PUBLIC_PAGES),
    # --- API: the chain's records (read-only) ---------------------------------------------------
    "api:api-root": Entry(get=API_ALL),
    "api:party-list": Entry(get=API_ALL, post=row(ANON_API, NO, NO, NO, NO, NO, NO, NO), json=True),
    "api:party-detail": Entry(lambda w: {"pk": w.party.pk}, get=API_CHAIN_RECORD),
    "api:component-list": Entry(get=API_ALL),
    "api:component-detail": Entry(lambda w: {"pk": w.component.pk}, get=API_CHAIN_RECORD),
    "api:roleassignment-list": Entry(get=API_ALL),
    "api:roleassignment-detail": Entry(lambda w: {"pk": w.role_assignment.pk}, get=API_KPN_RECORD),
    "api:agreement-list": Entry(get=API_ALL),
    "api:agreement-detail": Entry(lambda w: {"pk": w.agreement.pk}, get=API_KPN_RECORD),
    "api:servicecalendar-list": Entry(get=API_ALL),
    "api:servicecalendar-detail": Entry(lambda w: {"pk": w.calendar.pk}, get=API_CHAIN_RECORD),
    "api:weeklyreport-list": Entry(get=API_ALL),
    "api:weeklyreport-detail": Entry(lambda w: {"label": w.report.label}, get=API_CHAIN_RECORD),
}


# Problems, recurrence proposals and the architect's analysis: their rows live beside their objects.
MATRIX.update(problem_rows())
MATRIX.update(major_rows())
MATRIX.update(change_rows())
MATRIX.update(incident_api_rows())

# --- driving -----------------------------------------------------------------------------------


def _session_client(sessions: dict[str, str], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


def _request(client: Client, method: str, url: str, data: dict | None, as_json: bool):
    if method == "get":
        return client.get(url)
    send = getattr(client, method)
    if as_json:
        return send(url, data or {}, content_type="application/json")
    return send(url, data or {})


def _check(outcome, response, expected, url: str, writes: bool) -> str | None:
    """None when the response is what the matrix says, else a line saying what differs."""
    status = response.status_code
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        ok = status == 302 and location.startswith("/accounts/login/?next=")
    elif expected == ANON_API:
        ok = status == 401 and response.headers.get("WWW-Authenticate", "").startswith("Token")
    elif isinstance(expected, Refused):
        ok = status == expected.status and not writes
    else:
        ok = status == expected
    if ok and status in (400, 401, 403, 404, 405, 409) and writes:
        return f"{outcome}: {status} as expected, but rows were written"
    if ok:
        return None
    return f"{outcome}: expected {expected}, got {status} {location}".rstrip()


def _drive(world: World, sessions: dict[str, str], url_name: str, entry: Entry, role: str) -> list[str]:
    url = reverse(url_name, kwargs=entry.kwargs(world))
    client = _session_client(sessions, role)
    problems = []
    user = world.users.get(role)
    for method in ("get", "post", "delete"):
        expected = getattr(entry, method)
        if expected is None:
            continue
        data = entry.payload(world, user) if entry.payload and method != "get" else None
        target = url + entry.query if method == "get" else url
        with transaction.atomic():
            before = writes_mark() if method != "get" else None
            response = _request(client, method, target, data, entry.json)
            writes = before is not None and writes_mark() != before
            transaction.set_rollback(True)
        problem = _check(f"{method.upper()} {target} as {role}", response, expected[role], url, writes)
        if problem:
            problems.append(problem)
    return problems


# --- tests -------------------------------------------------------------------------------------


def walk_urls(patterns=None, prefix="", namespace=None, with_patterns=False):
    """(name, route) of every URL pattern, namespaces included; unnamed patterns have name None.
    With `with_patterns`, (name, route, pattern)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_urls(pattern.url_patterns, prefix + str(pattern.pattern), inner, with_patterns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            route = prefix + str(pattern.pattern)
            yield (name, route, pattern) if with_patterns else (name, route)


def test_every_url_has_an_entry():
    """A new URL needs a row in MATRIX (admin URLs: the staff-only rule); a removed one loses its row."""
    missing, unnamed = [], []
    names = set()
    for name, route in walk_urls():
        if route.startswith("admin/"):
            continue  # test_admin_is_for_staff_only
        if name is None:
            unnamed.append(route)
            continue
        names.add(name)
        if name not in MATRIX:
            missing.append(f"{name} ({route})")
    assert not unnamed, f"URLs without a name cannot be put in the matrix: {unnamed}"
    assert not missing, "URLs without a row in the permission matrix (decide who may reach them):\n" + "\n".join(
        sorted(set(missing))
    )
    assert not set(MATRIX) - names, f"Rows for URLs that no longer exist: {sorted(set(MATRIX) - names)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(world, sessions, db, url_name, role):
    problems = _drive(world, sessions, url_name, MATRIX[url_name], role)
    assert not problems, "\n".join(problems)


# --- admin: one rule ---------------------------------------------------------------------------


ADMIN_MODEL_PAGES = {"changelist": "view", "add": "add", "change": "view", "history": "view", "delete": "delete"}
# Model admins' own extra pages, and the permission each needs; an unknown one only has to answer without error.
ADMIN_EXTRA_PAGES = {"password_change": "change", "simple_history": "view"}


def _admin_urls(world: World):
    """(name, url, model admin or None, permission it needs) for every named admin URL."""
    registry = admin.site._registry
    by_prefix = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_": (model, ma) for model, ma in registry.items()
    }
    change_type = ContentType.objects.get_for_model(ChangeRequest)
    for name, route, pattern in walk_urls(with_patterns=True):
        if not route.startswith("admin/") or name is None:
            continue
        prefix = next((prefix for prefix in by_prefix if name.startswith(prefix)), None)
        if prefix is not None:
            model, model_admin = by_prefix[prefix]
            page = name.removeprefix(prefix)
            obj = model._default_manager.order_by("pk").first()
            regex = pattern.pattern.regex
            pk = obj.pk if obj else 0
            if page == "simple_history" and obj is not None:  # one history row: positional (object id, history id)
                url = reverse(name, args=[pk, obj.history.order_by("history_id").first().history_id])
            else:
                positional = [pk] * (regex.groups - len(regex.groupindex))
                url = reverse(name, kwargs=dict.fromkeys(regex.groupindex, pk), args=positional)
            permission = ADMIN_MODEL_PAGES.get(page) or ADMIN_EXTRA_PAGES.get(page)
            if obj is None and regex.groups:
                permission = None  # no such record: the admin only has to answer without error
            yield name, url, model_admin, permission
        elif name == "admin:app_list":
            for app_label in sorted({model._meta.app_label for model in registry}):
                yield name, reverse(name, kwargs={"app_label": app_label}), None, None
        elif name == "admin:view_on_site":
            url = reverse(name, kwargs={"content_type_id": change_type.pk, "object_id": world.change.pk})
            yield name, url, None, None
        else:
            yield name, reverse(name), None, None


# What the administrator gets on the admin's own pages (the model pages follow its permissions).
ADMIN_SITE_PAGES = {
    "admin:index": 200,
    "admin:login": 302,  # already logged in as staff: on to the index
    "admin:logout": NO,  # POST only
    "admin:password_change": 200,
    "admin:password_change_done": 200,
    "admin:autocomplete": 403,  # without the widget's parameters
    "admin:jsi18n": 200,
    "admin:app_list": 200,
    "admin:view_on_site": 302,  # on to the change's page
}


def test_admin_is_for_staff_only(world, sessions, db):
    """Everyone but staff is sent to the admin's log-in page (the log-in page itself excepted); the
    administrator reaches every model page its permissions allow, and gets 403 for the others."""
    problems = []
    admin_request = RequestFactory().get("/admin/")
    admin_request.user = world.users["beheerder"]
    urls = list(_admin_urls(world))
    assert len(urls) > 40
    for role in ROLES:
        client = _session_client(sessions, role)
        for name, url, model_admin, permission in urls:
            response = client.get(url)
            status, location = response.status_code, response.headers.get("Location", "")
            if role == "beheerder":
                if model_admin is not None and permission is None:
                    expected = "an answer without error"
                    ok = status < 500
                else:
                    if model_admin is not None:
                        allowed = getattr(model_admin, f"has_{permission}_permission")(admin_request)
                        expected = 200 if allowed else 403
                    else:
                        expected = ADMIN_SITE_PAGES[name]
                    ok = status == expected
            elif name == "admin:login":
                ok = status == 200
            elif name == "admin:logout":
                ok = status == 302 and location == reverse("admin:index")
            else:
                expected = f"302 to {reverse('admin:login')}"
                ok = status == 302 and location.startswith(reverse("admin:login") + "?next=")
            if not ok:
                problems.append(f"GET {url} as {role}: expected {expected}, got {status} {location}".rstrip())
    assert not problems, "\n".join(problems)


# --- the write check itself --------------------------------------------------------------------


def test_writes_mark_sees_writes(world, db):
    """Inside a test's savepoint, as `_drive` uses it: an insert, an update, a delete, and a write in a savepoint
    rolled back since, each change the mark (UPDATEs and rolled-back writes on PostgreSQL only)."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        before = writes_mark()
        Party.objects.create(slug="nieuw", name="Nieuw")
        assert writes_mark() != before
    with transaction.atomic():
        party = Party.objects.create(slug="weg", name="Weg")
        before = writes_mark()
        party.delete()
        assert writes_mark() != before
    if postgres:
        with transaction.atomic():
            before = writes_mark()
            Party.objects.filter(pk=world.party.pk).update(name="Anders")
            assert writes_mark() != before
        with transaction.atomic():
            before = writes_mark()
            with transaction.atomic():
                Party.objects.create(slug="terug", name="Terug")
                transaction.set_rollback(True)
            assert writes_mark() != before
