"""Computing and storing weekly trend reports. Recomputing a week replaces its row."""

import traceback

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from governance import mail
from governance.models import ReportRun, WeeklyReport

from .attribution import attribute_breaches
from .availability import availability_by_service
from .holds import waiting_time_by_party
from .metrics import change_metrics, clock_metrics_by_party_and_agreement, incident_metrics_by_group
from .selectors import WithoutAttribution
from .trends import BASELINE_WEEKS, compare, summarise
from .weeks import Week

WEEKLY_TREND = "weekly_trend"


def build_metrics(week: Week) -> dict:
    clocks = clock_metrics_by_party_and_agreement(week)
    incidents = incident_metrics_by_group(week)
    metrics = {
        "week": week.label,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "incidents": {
            "total": incidents[None]["total"],
            "by_priority": incidents["priority"],
            "by_component": incidents["component"],
            "by_service": incidents["service"],
        },
        "parties": clocks["party"],
        "agreements": clocks["agreement"],
        "changes": change_metrics(week),
        "attribution": attribute_breaches(week),
        "waited_on": waiting_time_by_party(week),
        "availability": availability_by_service(week.start, week.end),
    }
    earlier = (
        WeeklyReport.objects.filter(week_start__lt=week.monday)
        .order_by("-week_start")
        .values_list(WithoutAttribution("metrics"), flat=True)[:BASELINE_WEEKS]
    )
    previous = list(reversed(earlier))  # the figures compared; each week's attribution stays in the database
    deltas, anomalies = compare(metrics, previous)
    metrics.update(deltas=deltas, anomalies=anomalies, summary=summarise(week.label, metrics, deltas, anomalies))
    return metrics


def weekly_report_compute(*, week: Week) -> WeeklyReport:
    """Compute one week and upsert its row, recording the run (attempts, outcome, error)."""
    run = _run_started(WEEKLY_TREND, week.label)
    try:
        with transaction.atomic():
            year, number = week.iso
            report, _created = WeeklyReport.objects.update_or_create(
                week_start=week.monday,
                defaults={
                    "iso_year": year,
                    "iso_week": number,
                    "computed_at": timezone.now(),
                    "metrics": build_metrics(week),
                },
            )
    except Exception:
        _run_finished(run, ReportRun.Status.FAILED, traceback.format_exc(limit=5))
        raise
    _run_finished(run, ReportRun.Status.SUCCEEDED)
    mail.report_ready(report)
    return report


def _run_started(kind: str, period: str) -> ReportRun:
    run, created = ReportRun.objects.get_or_create(
        kind=kind,
        period=period,
        defaults={"status": ReportRun.Status.RUNNING, "started_at": timezone.now(), "attempts": 1},
    )
    if not created:
        run.status, run.started_at, run.finished_at, run.error = ReportRun.Status.RUNNING, timezone.now(), None, ""
        run.attempts = F("attempts") + 1
        run.save()
        run.refresh_from_db()
    return run


def _run_finished(run: ReportRun, status: str, error: str = "") -> None:
    run.status, run.finished_at, run.error = status, timezone.now(), error
    run.save(update_fields=["status", "finished_at", "error"])


def weekly_reports_fill_missing(*, weeks: int) -> int:
    """Compute the last `weeks` completed weeks that have no stored report yet, oldest first."""
    targets = Week.last_completed().back(weeks)
    stored = set(
        WeeklyReport.objects.filter(week_start__in=[week.monday for week in targets]).values_list(
            "week_start", flat=True
        )
    )
    missing = [week for week in targets if week.monday not in stored]
    for week in missing:
        weekly_report_compute(week=week)
    return len(missing)
