"""A real Celery worker for the fault tests: on its own Redis database, with tests.faults.worker_settings."""

import os
import socket
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings

from regie.celery import app
from tests.celery_worker import (
    REDIS_HOST,
    REDIS_PORT,
    redis_reachable,
    reset_broker_connections,
    worker_database_url,
)

REDIS_DB = 7  # not the other worker tests' database: our short visibility timeout would redeliver their tasks
BROKER_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_worker(queue: str, log, **environment: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        **environment,
    }
    command = [sys.executable, "-m", "celery", "-A", "regie", "worker", "--pool=solo", "--concurrency=1"]
    command += ["--loglevel=warning", "-Q", queue, "-n", f"{queue}@%h"]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )


class Broker:
    """Where this process sends tasks: all to one queue (the test worker's), at a broker URL that can change."""

    def __init__(self, queue: str):
        self.queue = queue

    def point_at(self, url: str) -> None:
        reset_broker_connections()
        app.conf.broker_url = url


def _route_everything_to(queue: str | None) -> None:
    app.conf.task_routes = {"*": {"queue": queue}} if queue else None
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # a cached property built from the routes


@pytest.fixture
def broker():
    """This process sends every task through Redis (not eagerly), to one queue of its own that the
    test's worker consumes; `broker.point_at(url)` moves it to another broker (or to none)."""
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}")
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    handle = Broker(f"regie-faults-{uuid.uuid4().hex}")
    app.conf.task_always_eager = False
    _route_everything_to(handle.queue)
    handle.point_at(BROKER_URL)
    try:
        yield handle
    finally:
        reset_broker_connections()
        _route_everything_to(None)
        app.conf.task_always_eager, app.conf.broker_url = saved
        client = redis.Redis.from_url(BROKER_URL)
        client.delete(handle.queue, *client.keys(f"{handle.queue}*"))
