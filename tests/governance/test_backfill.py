"""A backfill whose weeks' figures are read in worker processes stores what one process stores (PostgreSQL: the
forked workers read the demo the test committed)."""

import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from core.weeks import Week
from governance.models import ReportRun, WeeklyBreach, WeeklyReport
from governance.reports.services import weekly_reports_compute
from tests.celery_worker import NEEDS_WORKER
from tests.snapshot import DEMO_LOADED

pytestmark = NEEDS_WORKER  # the worker processes read what the test committed


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def stored_weeks(weeks: list[Week]) -> dict:
    """The weeks' stored figures and breaches, without the instant they were computed."""
    return {
        report.label: (
            report.metrics,
            list(WeeklyBreach.objects.filter(report=report).values_list("position", "component", "attribution")),
        )
        for report in WeeklyReport.objects.filter(week_start__in=[week.monday for week in weeks])
    }


def test_weeks_read_in_two_processes_are_stored_as_one_process_stores_them(demo_snapshot):
    demo_snapshot.restore()
    with time_machine.travel(DEMO_LOADED, tick=False):
        weeks = Week.last_completed().back(10)
        weekly_reports_compute(weeks=weeks, batch=3)
        in_one = stored_weeks(weeks)
        # Derived rows without history, blanked: what the workers read must fill them again.
        WeeklyReport.objects.filter(week_start__in=[week.monday for week in weeks]).update(metrics={})

        session = backend_pid()
        reports = weekly_reports_compute(weeks=weeks, batch=3, processes=2)

    assert backend_pid() == session  # the workers left this process's connection alone

    assert [report.label for report in reports] == [week.label for week in weeks]
    assert stored_weeks(weeks) == in_one
    assert len(in_one) == 10
    assert sum(metrics["incidents"]["total"]["opened"] for metrics, _breaches in in_one.values()) > 0
    assert set(ReportRun.objects.values_list("status", flat=True)) == {ReportRun.Status.SUCCEEDED}


def test_the_command_backfills_with_worker_processes(demo_snapshot):
    demo_snapshot.restore()
    output = io.StringIO()
    with time_machine.travel(DEMO_LOADED, tick=False):
        call_command("compute_trends", weeks=14, processes=2, stdout=output)
        weeks = Week.last_completed().back(14)
    assert list(WeeklyReport.objects.order_by("week_start").values_list("week_start", flat=True)) == [
        week.monday for week in weeks
    ]
    assert output.getvalue().rstrip().endswith("14 weekly report(s) computed.")
    assert f"14/14 {weeks[-1].label}" in output.getvalue()


def test_worker_processes_are_refused_inside_a_transaction():
    """They could not see what the transaction wrote, so their figures would leave it out."""
    weeks = Week.of(DEMO_LOADED).back(4)
    with transaction.atomic(), pytest.raises(RuntimeError, match="outside a transaction"):
        weekly_reports_compute(weeks=weeks, batch=2, processes=2)
    assert not ReportRun.objects.exists()
