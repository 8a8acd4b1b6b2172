"""Celery tasks for the outbox: thin wrappers over notifications.services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_pending_notifications() -> int:
    """Deliver every notification still pending (beat, every minute): what the broker missed."""
    return services.deliver_pending()


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def deliver_notification(notification_id: int) -> bool:
    return services.deliver(notification_id)
