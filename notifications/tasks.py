"""Celery tasks for the outbox: thin wrappers over notifications.services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_pending_notifications() -> int:
    """Deliver every notification still pending (beat, every minute): what the broker missed."""
    return services.deliver_pending()
