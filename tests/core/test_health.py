"""/healthz: database, cache, broker and the outbox's backlog, for monitoring without a log-in."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from celery import current_app
from django.db import connections
from django.utils import timezone

from notifications.models import Notification

CHECKS = ["Database", "Cache", "CeleryBroker", "OutboxBacklog"]


@pytest.fixture
def client(client):
    """The health view runs its checks through asyncio: it is asked from a thread of its own, as a server
    would, not from the test's thread, where the browser tests' Playwright event loop may be running."""

    class ServerThreadClient:
        def get(self, path, **extra):
            def request():
                try:
                    return client.get(path, **extra)
                finally:
                    connections.close_all()

            with ThreadPoolExecutor(max_workers=1) as pool:
                return pool.submit(request).result()

    return ServerThreadClient()


def checks(response) -> dict[str, str]:
    """Each check's name (without its parameters) and its outcome."""
    return {name.split("(")[0]: outcome for name, outcome in response.json().items()}


@pytest.mark.django_db(transaction=True)
def test_healthy_without_a_log_in(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert checks(response) == dict.fromkeys(CHECKS, "OK")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_a_notification_waiting_too_long_makes_it_unhealthy(client, settings):
    settings.NOTIFICATION_OUTBOX_MAX_AGE = 600
    Notification.objects.create(kind="incident_filed", object_id=1, created_at=timezone.now() - timedelta(minutes=9))
    assert client.get("/healthz").status_code == 200

    Notification.objects.create(kind="sla_event", object_id=2, created_at=timezone.now() - timedelta(minutes=11))
    response = client.get("/healthz")

    assert response.status_code == 500
    assert "oldest pending notification waits" in checks(response)["OutboxBacklog"]
    assert checks(response)["Database"] == "OK"


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_broker_makes_it_unhealthy_without_naming_it(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    secret_url = "redis://:s3cret@127.0.0.1:1/0"
    monkeypatch.setattr(current_app.conf, "broker_url", secret_url)

    response = client.get("/healthz", HTTP_ACCEPT="text/html")

    assert response.status_code == 500
    assert checks(response)["CeleryBroker"] == "Unavailable: broker unreachable"
    assert "s3cret" not in response.content.decode()
    assert "127.0.0.1:1" not in response.content.decode()
