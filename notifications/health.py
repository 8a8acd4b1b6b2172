"""The outbox's backlog as a health check (/healthz): mail waiting longer than NOTIFICATION_OUTBOX_MAX_AGE seconds
means the broker or the workers have not delivered for a while."""

import dataclasses
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from notifications.models import Notification


@dataclasses.dataclass
class OutboxBacklog(HealthCheck):
    async def run(self):
        # The ORM's async query runs in the request's own thread, on its database connection.
        oldest = await Notification.objects.filter(sent_at__isnull=True).order_by("created_at").afirst()
        if oldest is None:
            return
        waiting = timezone.now() - oldest.created_at
        if waiting > timedelta(seconds=settings.NOTIFICATION_OUTBOX_MAX_AGE):
            raise ServiceUnavailable(f"oldest pending notification waits {int(waiting.total_seconds())} s")
