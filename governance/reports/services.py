"""Computing and storing weekly trend reports. Recomputing a week replaces its row."""

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from core.weeks import Week
from governance import mail
from governance.models import ReportRun, WeeklyBreach, WeeklyBreachHolder, WeeklyReport

from .attribution import attribute_breaches
from .availability import availability_by_period
from .clock_figures import clock_metrics_of_week, clocks_as_of
from .holds import waiting_time_by_party
from .metrics import IncidentFigures, change_metrics
from .trends import BASELINE_WEEKS, compare, summarise, worst_breach

WEEKLY_TREND = "weekly_trend"


BATCH_WEEKS = 13  # weeks computed in one pass: a quarter; each family of figures reads them together


def weekly_figures(weeks: list[Week]) -> Iterator[tuple[Week, dict]]:
    """Week by week, oldest first, the figures of consecutive weeks: what the weeks share is read for all of them
    at once, each week's records as they stood at its end one week at a time (so memory holds one week's)."""
    incidents = IncidentFigures(weeks)
    changes = change_metrics(weeks)
    attribution = attribute_breaches(weeks)
    waited_on = waiting_time_by_party(weeks)
    availability = availability_by_period([(week.start, week.end) for week in weeks])
    for (week, clocks), available in zip(clocks_as_of(weeks), availability, strict=True):
        by_clock = clock_metrics_of_week(week, clocks)
        by_incident = incidents.of_week(week, clocks)
        yield (
            week,
            {
                "week": week.label,
                "start": week.start.isoformat(),
                "end": week.end.isoformat(),
                "incidents": {
                    "total": by_incident[None]["total"],
                    "by_priority": by_incident["priority"],
                    "by_component": by_incident["component"],
                    "by_service": by_incident["service"],
                },
                "parties": by_clock["party"],
                "agreements": by_clock["agreement"],
                "changes": changes.pop(week),
                "attribution": attribution.pop(week),
                "waited_on": waited_on.pop(week),
                "availability": available,
            },
        )


def compared(week: Week, metrics: dict) -> dict:
    """A week's figures with the week-over-week changes, anomalies and summary against the stored weeks before."""
    earlier = (
        WeeklyReport.objects.filter(week_start__lt=week.monday)
        .order_by("-week_start")
        .values_list("metrics", flat=True)[:BASELINE_WEEKS]
    )
    previous = list(reversed(earlier))
    deltas, anomalies = compare(metrics, previous)
    breaches = metrics["attribution"]
    metrics["worst_breach"] = worst_breach(breaches)
    summary = summarise(week.label, metrics, deltas, anomalies, len(breaches))
    metrics.update(deltas=deltas, anomalies=anomalies, summary=summary)
    return metrics


def build_metrics(week: Week) -> dict:
    ((_week, figures),) = weekly_figures([week])
    return compared(week, figures)


def weekly_report_compute(*, week: Week) -> WeeklyReport:
    """Compute one week and upsert its row, recording the run (attempts, outcome, error)."""
    (report,) = weekly_reports_compute(weeks=[week])
    return report


def weekly_reports_compute(
    *,
    weeks: list[Week],
    batch: int = BATCH_WEEKS,
    processes: int = 1,
    stored: Callable[[WeeklyReport], None] | None = None,
) -> list[WeeklyReport]:
    """Compute consecutive weeks, oldest first, and upsert their rows, recording a run per week (attempts,
    outcome, error). The figures are read `batch` weeks at a time; each week is then compared with the
    stored weeks before it (those of its batch included, stored first) and stored on its own.

    With `processes` above one, that many worker processes read the batches' figures at once, each its own
    batch, while this process stores them in order (a backfill from the command line, on a machine's cores;
    not from a Celery worker, whose processes may not start their own). `stored` is told of each week stored.

    The business owner's people are told once that the newest week stored is ready."""
    batches = [weeks[first : first + batch] for first in range(0, len(weeks), batch)]
    reports = []
    with _batches_read(batches, processes) as read:
        for together in batches:
            runs = {week: _run_started(WEEKLY_TREND, week.label) for week in together}
            try:
                figures = next(read)
                while runs:
                    week, found = next(figures)
                    reports.append(_store(week, found, runs.pop(week)))
                    if stored:
                        stored(reports[-1])
            except Exception:
                # The week that failed (a failed store records its own run) and those after it in the batch.
                for run in runs.values():
                    _run_finished(run, ReportRun.Status.FAILED, traceback.format_exc(limit=5))
                raise
    if reports:
        mail.report_ready(reports[-1])  # the newest: a backfill is one message, not one a week
    return reports


@contextmanager
def _batches_read(batches: list[list[Week]], processes: int) -> Iterator[Iterator]:
    """Per batch, in order, an iterator of its (week, figures): read here a week at a time, or in a pool of worker
    processes that read the batches ahead, a batch each."""
    if processes <= 1 or len(batches) <= 1:
        yield (weekly_figures(together) for together in batches)
        return
    if connections["default"].in_atomic_block:
        raise RuntimeError("Worker processes read what is committed: compute the weeks outside a transaction.")
    with multiprocessing.get_context("fork").Pool(min(processes, len(batches)), _worker_started) as pool:
        yield (iter(found) for found in pool.imap(_batch_figures, batches))


def _worker_started() -> None:
    """In a forked worker, before its first batch: let go of the connections it inherited from the parent, so that
    it opens its own. Its copy of each socket is closed first: the goodbye a close sends would otherwise reach the
    server on the parent's session and end it."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.vendor == "postgresql":
            os.close(connection.connection.fileno())
        connection.close()  # SQLite's file is opened again by each process (its locks are the process's own)


def _batch_figures(weeks: list[Week]) -> list[tuple[Week, dict]]:
    """A batch's figures, read in a worker process (its own connection closed after each batch)."""
    try:
        return list(weekly_figures(weeks))
    finally:
        connections.close_all()


def _store(week: Week, figures: dict, run: ReportRun) -> WeeklyReport:
    try:
        with transaction.atomic():
            year, number = week.iso
            metrics = compared(week, figures)
            attribution = metrics.pop("attribution")
            report, _created = WeeklyReport.objects.update_or_create(
                week_start=week.monday,
                defaults={"iso_year": year, "iso_week": number, "computed_at": timezone.now(), "metrics": metrics},
            )
            store_breaches(report, attribution)
    except Exception:
        _run_finished(run, ReportRun.Status.FAILED, traceback.format_exc(limit=5))
        raise
    _run_finished(run, ReportRun.Status.SUCCEEDED)
    return report


def store_breaches(report: WeeklyReport, attribution: list[dict]) -> None:
    """The week's attributed breaches as rows of their own, in place of those computed before, each with the
    parties that held it."""
    report.breaches.only("pk", "report").delete()  # their attributions are not read to be deleted
    breaches = WeeklyBreach.objects.bulk_create(
        WeeklyBreach(
            report=report,
            position=position,
            component=breach["component"],
            attribution=breach,
        )
        for position, breach in enumerate(attribution)
    )
    WeeklyBreachHolder.objects.bulk_create(
        WeeklyBreachHolder(breach=breach, party=party)
        for breach in breaches
        for party in dict.fromkeys(leg["party"] for leg in breach.attribution["legs"])
    )


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
    for run in _consecutive(missing):
        weekly_reports_compute(weeks=run)
    return len(missing)


def _consecutive(weeks: list[Week]) -> list[list[Week]]:
    """Weeks (oldest first) in runs of consecutive weeks."""
    runs: list[list[Week]] = []
    for week in weeks:
        if runs and runs[-1][-1].next == week:
            runs[-1].append(week)
        else:
            runs.append([week])
    return runs
