"""A real Celery worker on Redis for integration tests: tasks leave the test process through the
broker and a worker in another process runs them against the (PostgreSQL) test database."""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from bench.server import stop_process
from regie.celery import app

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 5
BROKER_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
WAIT_SECONDS = 30


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


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
        "DJANGO_SETTINGS_MODULE": "regie.settings.test",
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "regie",
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


@dataclass
class RunningWorker:
    process: subprocess.Popen
    queue: str
    output: str = ""  # the worker's log, once it has stopped


@contextmanager
def running_worker(broker_url: str):
    """A worker on a queue of its own for the block: stopped after it, its queue deleted and its log in `output`."""
    queue = f"regie-test-{uuid.uuid4().hex}"
    with tempfile.TemporaryFile(mode="w+") as log:
        running = RunningWorker(start_worker(queue, log), queue)
        try:
            yield running
        finally:
            stop_process(running.process)
            redis.Redis.from_url(broker_url).delete(queue)
            log.seek(0)
            running.output = log.read()


def reset_broker_connections() -> None:
    """Drop the app's cached connection and producer pools, so the next send uses the current broker_url."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()  # kombu keeps its own producer pools per connection, closed above


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


def wait_for(condition, worker, seconds: float = WAIT_SECONDS):
    """Poll `condition()` until it is true, the worker exits, or time runs out; returns its last value."""
    deadline = time.monotonic() + seconds
    value = condition()
    while not value and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.25)
        value = condition()
    return value


NEEDS_WORKER = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker in another process cannot see an in-memory SQLite test database",
    ),
]
