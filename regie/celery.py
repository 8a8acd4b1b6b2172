"""The Celery application. Tasks are thin wrappers over services; see each app's tasks.py."""

import os

from celery import Celery
from celery.signals import task_failure, task_prerun
from django.db import close_old_connections, connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.local")

app = Celery("regie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# A worker keeps its database connection from task to task as gunicorn's workers do from request to request
# (CELERY_DB_REUSE_MAX in settings): before a task, one that is unusable or older than CONN_MAX_AGE is closed, as
# Django does before a request; after a task that failed, the connection is closed whatever state it seems to be in.
# A task run in-process (no broker) shares its caller's connection and is left alone.


@task_prerun.connect
def close_old_connection(sender, **kwargs) -> None:
    if not sender.request.is_eager:
        close_old_connections()


@task_failure.connect
def close_connection_after_failure(sender, **kwargs) -> None:
    if not sender.request.is_eager:
        connections.close_all()
