"""A Celery worker killed (SIGKILL) in the middle of the weekly report leaves no partial report, and the
task, acknowledged only when done (acks_late), is delivered again and completes on the next worker.

The first worker runs with REGIE_TEST_STALL_REPORT (tests/faults/worker_hooks.py): it stops right
after writing the report row, before the commit, so the kill lands at the worst moment every time.
The Redis transport returns an unacknowledged task after the visibility timeout, 5 s for these
workers (tests/faults/worker_settings.py)."""

import os
import signal
import tempfile

import pytest

from bench.server import stop_process
from core.weeks import Week
from governance import tasks
from governance.models import ReportRun, WeeklyReport
from tests.celery_worker import NEEDS_WORKER, wait_for
from tests.faults.helpers import start_worker

pytestmark = [*NEEDS_WORKER, pytest.mark.long_running]


def test_a_worker_killed_mid_report_leaves_no_report_and_the_redelivered_task_completes(broker, demo_chain, tmp_path):
    week = Week.last_completed()
    stalled = tmp_path / "stalled.pid"
    with tempfile.TemporaryFile(mode="w+") as log:
        first = start_worker(broker.queue, log, REGIE_TEST_STALL_REPORT=str(stalled))
        try:
            tasks.compute_weekly_report.delay(week.label)
            assert wait_for(stalled.exists, first, seconds=60), "the report never started"
            assert int(stalled.read_text()) == first.pid  # the worker process itself computes (solo pool)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            stop_process(first)
        assert first.returncode == -signal.SIGKILL

        assert not WeeklyReport.objects.filter(week_start=week.monday).exists()
        run = ReportRun.objects.get(kind="weekly_trend", period=week.label)
        assert (run.status, run.attempts, run.finished_at) == (ReportRun.Status.RUNNING, 1, None)

        second = start_worker(broker.queue, log)
        try:
            done = wait_for(
                lambda: ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.SUCCEEDED).exists(),
                second,
                seconds=60,
            )
        finally:
            stop_process(second)
            log.seek(0)
            output = log.read()
    assert done, f"the task was not delivered again, or did not complete:\n{output}"
    report = WeeklyReport.objects.get(week_start=week.monday)
    assert report.metrics["week"] == week.label
    run.refresh_from_db()
    assert run.attempts == 2
    assert WeeklyReport.objects.count() == 1
