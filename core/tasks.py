"""Celery tasks of the base: thin wrappers over the audit chain services."""

from celery import shared_task

from .auditchain.verify import verify_audit


@shared_task(acks_late=True)
def verify_audit_chain() -> bool:
    """Nightly: walk the audit chain and record the outcome on the dashboard; True when intact."""
    return verify_audit().intact
