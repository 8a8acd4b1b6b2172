"""Celery tasks for governance: thin wrappers over the report services."""

from celery import shared_task

from core.weeks import Week

from .reports.live import live_figures_refresh_all
from .reports.services import weekly_report_compute


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def compute_weekly_report(week_label: str | None = None) -> str:
    """Compute one ISO week ("2026-W47"); by default the week that ended last Monday 00:00."""
    week = Week.from_label(week_label) if week_label else Week.last_completed()
    return weekly_report_compute(week=week).label


@shared_task
def refresh_live_figures() -> int:
    """Recompute the dashboard's figures of the current week, for the chain and every service."""
    return live_figures_refresh_all()
