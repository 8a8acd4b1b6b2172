"""Celery tasks for the outbox: thin wrappers over notifications.services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_pending_notifications() -> int:
    """Deliver every notification still pending and due (beat, every minute): what the broker missed,
    and what failed before."""
    return services.deliver_pending()


@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> bool:
    """Mail one person one step, once. A failure stays on the row, which the beat task retries."""
    return services.deliver(notification_id)


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """Each user who chose the daily digest gets one mail with what is pending (beat, every morning)."""
    return services.send_daily_digests()
