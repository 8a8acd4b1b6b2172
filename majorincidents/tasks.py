"""Celery tasks for major incidents: thin wrappers over the services."""

from celery import shared_task

from .services import major_updates_remind


@shared_task(acks_late=True)
def remind_due_major_updates() -> int:
    """Remind each coordinator whose next update is due, once per due time."""
    return len(major_updates_remind())
