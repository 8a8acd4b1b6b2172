"""Celery tasks for problems: thin wrappers over the services."""

from celery import shared_task

from .services import recurrences_propose


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def propose_recurring_problems() -> int:
    """The weekly recurrence check for the week that ended last; returns how many proposals it made."""
    return len(recurrences_propose())
