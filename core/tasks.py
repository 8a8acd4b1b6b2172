"""Celery tasks of the base: thin wrappers over the audit chain and API token services."""

from celery import shared_task

from .auditchain.verify import verify_audit
from .tokens import token_uses_prune


@shared_task(acks_late=True)
def verify_audit_chain() -> bool:
    """Nightly: walk the audit chain and record the outcome on the dashboard; True when intact."""
    return verify_audit().intact


@shared_task(acks_late=True)
def prune_api_token_uses() -> int:
    """Nightly: forget API token uses older than the retention period; returns how many."""
    return token_uses_prune()
