"""A Celery worker keeps its database connection from task to task, as gunicorn's workers do from request to
request, and drops it after a task that failed (regie/celery.py)."""

import pytest
from celery.signals import task_failure
from django.db import connection

from notifications import tasks
from tests.celery_worker import NEEDS_WORKER, running_worker, wait_for

OTHER_CLIENTS = """
    SELECT pid, query_start FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


def _other_clients() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(OTHER_CLIENTS)
        return dict(cursor.fetchall())


def _with_a_worker(test):
    for mark in NEEDS_WORKER:
        test = mark(test)
    return test


def _ran_since(seen: dict) -> set:
    """The connections that ran a query since `seen` was taken: new ones, and those whose last query started later."""
    return {pid for pid, started in _other_clients().items() if seen.get(pid) != started}


@_with_a_worker
def test_the_worker_runs_its_tasks_on_one_connection(real_broker):
    runners = []
    with running_worker(real_broker) as worker:
        for _task in range(4):
            seen = _other_clients()
            tasks.deliver_pending_notifications.apply_async(queue=worker.queue)
            runners.append(wait_for(lambda seen=seen: _ran_since(seen), worker.process))
    assert all(runners), f"no connection of the worker stayed after a task:\n{worker.output}"
    # The first task may share its moment with the worker's start-up delivery, which closes its own connection.
    assert len(runners[1]) == 1
    assert runners[1] == runners[2] == runners[3], "a task ran on a new connection"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="an in-memory SQLite test database is never closed")
def test_a_failed_task_leaves_no_connection_for_the_next():
    task = tasks.deliver_notification
    connection.ensure_connection()
    task.push_request(is_eager=True)  # run in-process (no broker): the caller's connection is left alone
    task_failure.send(sender=task, task_id="in-process", exception=RuntimeError("fout"))
    task.pop_request()
    assert connection.connection is not None
    task.push_request(is_eager=False)  # as a worker runs it
    task_failure.send(sender=task, task_id="in-worker", exception=RuntimeError("fout"))
    task.pop_request()
    assert connection.connection is None
