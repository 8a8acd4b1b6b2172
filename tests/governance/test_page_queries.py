"""Queries per page do not depend on the data: each page the benchmark measures makes the same number of
queries on the demo data as after it has grown (more incidents, twenty more messages and attachments on
the incident shown, a hold, more changes on the board), and at most 10 when the cache is shared by the
processes (sessions and the user's standing in the chain read from it, as in production with CACHE_URL)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.history import history_entries
from core.weeks import Week
from governance.reports.services import weekly_report_compute
from incidents import selectors as incident_selectors
from incidents import services
from incidents.models import Incident, IncidentUpdate
from parties.models import Component, Party
from tests.factories import ChangeFactory, IncidentFactory
from tests.snapshot import DEMO_LOADED

# One worker loads the demo for the module (ONE_WORKER_MODULES in tests/conftest.py).
pytestmark = pytest.mark.long_running

PAGE_LIMIT = 10
# The dashboard keeps room for one more block within the limit.
DASHBOARD_LIMIT = PAGE_LIMIT - 1


def pages(detail: str, week: str) -> dict[str, tuple[str, str]]:
    return {
        "incident list": ("po", "/incidents/?scope=all&open=true&assigned_party=kpn"),
        "incident list (operator)": ("kpn", "/incidents/?scope=mine&open=true"),
        "incident detail": ("po", f"/incidents/{detail}/"),
        "incident detail (operator)": ("kpn", f"/incidents/{detail}/"),
        "triage board": ("po", "/changes/board/"),
        "dashboard": ("po", "/dashboard/"),
        "dashboard (operator)": ("kpn", "/dashboard/"),
        "weekly report": ("po", f"/reports/weekly/{week}/"),
        "API incidents": ("po", "/api/incidents/"),
        "API changes": ("po", "/api/changes/"),
    }


def count(django_user_model, detail: str, week: str) -> dict[str, int]:
    counts = {}
    for name, (username, path) in pages(detail, week).items():
        client = Client()
        client.force_login(django_user_model.objects.get(username=username))
        assert client.get(path).status_code == 200, name  # warm: content types, the cached standing
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def grow(django_user_model, detail: Incident) -> None:
    user = django_user_model.objects.get
    kpn = Party.objects.get(slug="kpn")
    components = list(Component.objects.filter(operating_party=kpn, is_active=True))
    for number in range(8):
        IncidentFactory(
            title=f"Storing {number}",
            component=components[number % len(components)],
            impact="high",
            description="Meer werk",
            assigned_to=kpn,
            acknowledged=True,
        )
    for number in range(20):
        upload = SimpleUploadedFile(f"log-{number}.txt", b"regel\n", content_type="text/plain")
        services.incident_reply(
            actor=user(username="kpn" if number % 2 else "cibg"),
            incident=detail,
            body=f"Bericht {number}",
            visibility=IncidentUpdate.Visibility.INTERNAL if number % 3 else IncidentUpdate.Visibility.PUBLIC,
            attachments=[upload] if number % 5 == 0 else [],
        )
    services.incident_hold(
        actor=user(username="cibg"), incident=detail, waiting_for="reporter", waiting_for_party=None, reason="Vraag"
    )
    services.incident_resume(actor=user(username="cibg"), incident=detail)
    for number in range(6):
        ChangeFactory(
            components=components[:1],
            title=f"Patch {number}",
            proposed_start=timezone.now() + timezone.timedelta(days=3 + number),
        )
    weekly_report_compute(week=Week.last_completed())


@pytest.fixture(scope="module")
def demo_workload(demo_snapshot, django_db_blocker):
    """The whole demo (`seed_demo`: the chain, twelve weeks of incidents and changes, their reports; loaded on a
    fixed working-day morning, DEMO_LOADED in tests/snapshot.py), written back once for the module inside a
    transaction that is rolled back at its end; every test runs in a savepoint on top (`db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def wednesday_morning(demo_workload, db):
    """A page shows what the clocks have reached by now: counted an hour after the demo was loaded, the
    figures do not depend on when the suite runs."""
    with time_machine.travel(DEMO_LOADED + timedelta(hours=1), tick=True):
        yield


@pytest.mark.parametrize("shared_cache", [True, False], ids=["shared cache", "per-process cache"])
def test_queries_per_page_do_not_grow_with_the_data(wednesday_morning, settings, django_user_model, shared_cache):
    if shared_cache:
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        settings.PRINCIPAL_CACHE_TIMEOUT = 600
    else:
        settings.PRINCIPAL_CACHE_TIMEOUT = 0
    cache.clear()
    week = Week.last_completed()
    weekly_report_compute(week=week)
    detail = IncidentFactory(
        title="Inloggen lukt niet",
        component=Component.objects.filter(operating_party__slug="kpn", is_active=True).first(),
        description="Sinds vanochtend",
        assigned_to="kpn",
        acknowledged=True,
    )

    before = count(django_user_model, detail.reference, week.label)
    grow(django_user_model, detail)
    after = count(django_user_model, detail.reference, week.label)

    assert after == before
    if shared_cache:
        assert all(queries <= PAGE_LIMIT for queries in after.values()), after
        assert after["dashboard"] <= DASHBOARD_LIMIT, after
    else:
        # Without a shared cache every request also reads its session and the user's standing.
        assert all(queries <= PAGE_LIMIT + 2 for queries in after.values()), after
    cache.clear()


def test_the_incident_history_table_is_the_one_every_other_page_shows(demo_workload, db, django_user_model):
    """incidents.selectors.history reads the rows once for the timeline and the table; it must say what
    core.history.history_entries says."""
    user = django_user_model.objects.get
    incident = services.incident_file(
        actor=user(username="ggd"),
        title="Inloggen lukt niet",
        component=Component.objects.filter(operating_party__slug="kpn", is_active=True).first(),
        impact="medium",
        urgency="medium",
        description="Sinds vanochtend",
    )
    for slug in ("kpn", "dictu", "kpn"):
        services.incident_assign(
            actor=user(username="cibg"), incident=incident, party=Party.objects.get(slug=slug), reason=f"Naar {slug}"
        )
    services.incident_triage(
        actor=user(username="cibg"), incident=incident, impact="high", urgency="high", priority=None, reason="Ernstig"
    )

    def readable(entries):
        return [(entry["record"].history_id, entry["changes"]) for entry in entries]

    shown = incident_selectors.incident_for_page(user(username="cibg"), incident.reference)
    reference = Incident.objects.get(pk=incident.pk)
    dictu = str(Party.objects.get(slug="dictu"))
    assert any(change["new"] == dictu for _id, changes in readable(history_entries(reference)) for change in changes)
    assert readable(incident_selectors.history(shown)) == readable(history_entries(reference))
    assert readable(incident_selectors.history(shown, limit=2)) == readable(history_entries(reference, limit=2))
