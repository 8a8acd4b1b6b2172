"""One integration test with a real Celery worker on Redis: the task leaves this process through
the broker, a worker in another process runs it against the (PostgreSQL) test database."""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from governance.celery import app
from incidents import services, tasks
from incidents.models import SlaEvent

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 5
BROKER_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
WAIT_SECONDS = 30


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker in another process cannot see an in-memory SQLite test database",
    ),
]


def worker_database_url() -> str:
    """The test database (test_…), as the worker process must reach it."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def start_worker(queue: str, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings.test",
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "governance",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=warning",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
    ]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def stop_worker(worker) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=5)


def reset_broker_connections() -> None:
    """Drop the app's cached connection and producer pools, so the next send uses the current broker_url."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def real_broker():
    """This process sends tasks through Redis instead of running them eagerly (test settings)."""
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}")
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    reset_broker_connections()
    app.conf.task_always_eager = False
    app.conf.broker_url = BROKER_URL
    try:
        yield BROKER_URL
    finally:
        reset_broker_connections()
        app.conf.task_always_eager, app.conf.broker_url = saved


def test_a_real_worker_sends_the_sla_notification(real_broker, file_incident, at, monkeypatch, mailoutbox):
    with at(2026, 3, 2, 9, 0):
        incident = file_incident()
    asked = []
    with monkeypatch.context() as patch, at(2026, 3, 2, 12, 0):
        # Keep the service's own on-commit notification in this process from sending it first.
        patch.setattr(tasks, "notify_sla_event", type("Recorder", (), {"delay": staticmethod(asked.append)}))
        (event,) = services.check_sla_clocks()
    assert asked == [event.pk]
    assert (event.clock.incident_id, event.kind, event.target) == (incident.pk, "warning", "response")
    assert SlaEvent.objects.get(pk=event.pk).notified_at is None

    queue = f"regie-test-{uuid.uuid4().hex}"
    with tempfile.TemporaryFile(mode="w+") as log:
        worker = start_worker(queue, log)
        try:
            tasks.notify_sla_event.apply_async(args=[event.pk], queue=queue)
            deadline = time.monotonic() + WAIT_SECONDS
            notified_at = None
            while notified_at is None and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.25)
                notified_at = SlaEvent.objects.get(pk=event.pk).notified_at
        finally:
            stop_worker(worker)
            redis.Redis.from_url(real_broker).delete(queue)
            log.seek(0)
            output = log.read()
    assert notified_at is not None, f"the worker did not handle the task in {WAIT_SECONDS}s:\n{output}"
    assert mailoutbox == []  # sent by the worker, not by this process
    event.refresh_from_db()
    assert event.history.first().history_change_reason == "Melding verstuurd"
    assert event.history.first().history_user is None
