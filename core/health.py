"""Health checks of the portal's own services for operators' monitoring (/healthz, see regie/urls.py)."""

import dataclasses
from datetime import timedelta

from celery import current_app
from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class CeleryBroker(HealthCheck):
    """The Celery broker accepts a connection. Without a broker (the embedded mode: tasks run in-process) there is
    nothing to reach. The error names no address: the broker URL may hold a password."""

    timeout = timedelta(seconds=5)

    def run(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        try:
            with current_app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
        except Exception as error:
            raise ServiceUnavailable("broker unreachable") from error
