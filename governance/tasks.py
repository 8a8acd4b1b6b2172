"""Celery tasks for governance: thin wrappers over the report, audit chain and API token services."""

from celery import shared_task

from .auditchain import verify_audit
from .reports.services import weekly_report_compute
from .reports.weeks import Week
from .tokens import token_uses_prune


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def compute_weekly_report(week_label: str | None = None) -> str:
    """Compute one ISO week ("2026-W47"); by default the week that ended last Monday 00:00."""
    week = Week.from_label(week_label) if week_label else Week.last_completed()
    return weekly_report_compute(week=week).label


@shared_task(acks_late=True)
def verify_audit_chain() -> bool:
    """Nightly: walk the audit chain and record the outcome on the dashboard; True when intact."""
    return verify_audit().intact


@shared_task(acks_late=True)
def prune_api_token_uses() -> int:
    """Nightly: forget API token uses older than the retention period; returns how many."""
    return token_uses_prune()
