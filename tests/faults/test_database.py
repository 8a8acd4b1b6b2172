"""A database connection dropped under a request, against the portal served by gunicorn (persistent
connections with health checks, as in production): the request answers 503 "try again" (JSON under
/api/) with nothing half-written, and the next request works on a new connection.

"During" a request: this test holds a lock on the incident row, the request blocks on it in the middle
of its transaction, and the test terminates that backend (pg_terminate_backend) while it waits."""

import tempfile
import threading
import time

import pytest
import requests
from django.db import connection, transaction

from bench.server import free_port, start_gunicorn, stop_process
from incidents.models import Incident, Status
from tests.celery_worker import NEEDS_WORKER, worker_database_url

pytestmark = NEEDS_WORKER  # PostgreSQL, committed data another process can read

# The portal's connections say who they are, so the test finds them among whatever else is connected to
# the test database (a connection another test's server or worker has not closed yet).
PORTAL_APPLICATION = "regie-portal-under-test"


@pytest.fixture
def portal():
    """The portal under gunicorn (one sync worker, so every request uses the same database connection)."""
    import os

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "regie.settings.test",
        "DATABASE_URL": f"{worker_database_url()}?application_name={PORTAL_APPLICATION}",
        "CONN_MAX_AGE": "600",
    }
    port = free_port()
    with tempfile.TemporaryFile(mode="w+") as log:
        process = start_gunicorn(port, env, log)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            stop_process(process)


def _backends() -> list[tuple[int, str]]:
    """The portal's sessions on the test database: (pid, what each waits for)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, coalesce(wait_event_type, '') FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
            "AND application_name = %s",
            [PORTAL_APPLICATION],
        )
        return cursor.fetchall()


def _terminate(pid: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def _session(portal: str, client, user) -> requests.Session:
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value, domain="127.0.0.1")
    page = session.get(f"{portal}/incidents/?scope=mine")
    assert page.status_code == 200
    return session


def _while_the_incident_is_locked(incident: Incident, request):
    """Run `request()` in a thread while this test holds the incident's row lock; when the request's
    backend waits for the lock, terminate it. Returns the response."""
    answer = {}
    with transaction.atomic():
        Incident.objects.select_for_update().get(pk=incident.pk)
        thread = threading.Thread(target=lambda: answer.setdefault("response", request()))
        thread.start()
        deadline = time.monotonic() + 20
        waiting = []
        while not waiting and time.monotonic() < deadline:
            waiting = [pid for pid, wait in _backends() if wait == "Lock"]
            time.sleep(0.05)
        assert waiting, "the request never waited for the row lock"
        _terminate(waiting[0])
        thread.join(timeout=20)
    return answer["response"]


def test_a_connection_killed_before_or_during_a_request_gives_503_and_the_next_request_works(
    portal, client, demo_user, file_incident, route
):
    first, second = route(file_incident(), "kpn"), route(file_incident(title="Tweede incident"), "kpn")
    kpn = _session(portal, client, demo_user("kpn"))
    csrf = kpn.cookies["csrftoken"]

    # Killed between requests: the health check at the next request notices and reconnects.
    (before,) = _backends()
    _terminate(before[0])
    assert kpn.get(f"{portal}/incidents/{first.reference}/").status_code == 200
    assert [pid for pid, _wait in _backends()] != [before[0]]

    # Killed in the middle of a page's transaction: 503 in Dutch, nothing written.
    rows_before = first.history.count()
    page = _while_the_incident_is_locked(
        first,
        lambda: kpn.post(
            f"{portal}/incidents/{first.reference}/acknowledge/",
            data={"csrfmiddlewaretoken": csrf},
            headers={"Referer": f"{portal}/incidents/{first.reference}/"},
            allow_redirects=False,
        ),
    )
    assert page.status_code == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Tijdelijk niet beschikbaar" in page.text
    assert "Probeer het over een paar seconden opnieuw" in page.text
    first.refresh_from_db()
    assert first.status == Status.ASSIGNED
    assert first.history.count() == rows_before

    # The same under /api/: JSON.
    api = _while_the_incident_is_locked(
        second,
        lambda: kpn.post(
            f"{portal}/api/incidents/{second.reference}/acknowledge/",
            headers={"X-CSRFToken": csrf, "Referer": f"{portal}/api/"},
        ),
    )
    assert api.status_code == 503
    assert api.json()["code"] == "database_unavailable"
    second.refresh_from_db()
    assert second.status == Status.ASSIGNED

    # The next requests work, on a new connection: the same actions now succeed.
    again = kpn.post(
        f"{portal}/incidents/{first.reference}/acknowledge/",
        data={"csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{portal}/incidents/{first.reference}/"},
        allow_redirects=False,
    )
    assert again.status_code == 302
    assert (
        kpn.post(
            f"{portal}/api/incidents/{second.reference}/acknowledge/",
            headers={"X-CSRFToken": csrf, "Referer": f"{portal}/api/"},
        ).status_code
        == 200
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.IN_PROGRESS, Status.IN_PROGRESS)
    assert first.history.count() > rows_before
