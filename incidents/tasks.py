"""Celery tasks: thin wrappers over incident services. Safe to run twice."""

from celery import shared_task

from . import notifications, services


@shared_task(acks_late=True)
def check_sla_clocks() -> int:
    """Raise due 75% warnings and breaches (each once); returns how many were raised."""
    return len(services.check_sla_clocks())


@shared_task(acks_late=True)
def auto_close_resolved_incidents() -> int:
    return len(services.auto_close_resolved())


@shared_task(acks_late=True)
def remind_unanswered_questions() -> int:
    """Send a question unanswered for a business day to the reporter again, once."""
    return len(services.remind_unanswered_questions())


@shared_task(acks_late=True)
def remind_unacknowledged_assignments() -> int:
    """Remind the assigned party's operators at 50% of the response target, once per assignment."""
    return len(services.remind_unacknowledged_assignments())


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_incident_filed(incident_id: int) -> bool:
    """Mail the regie party's Product Owner(s) that a new incident waits for triage, once."""
    return notifications.send_incident_filed(incident_id)


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_sla_event(event_id: int) -> bool:
    """Mail the warning or breach to the assigned party's operators and the Product Owner, once."""
    return notifications.send_sla_event(event_id)
