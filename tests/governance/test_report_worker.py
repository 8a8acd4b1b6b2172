"""The weekly report task run by a real Celery worker on Redis against PostgreSQL."""

import tempfile
import uuid

import redis

from bench.server import stop_process
from core.weeks import Week
from governance import tasks
from governance.models import ReportRun, WeeklyReport
from tests.celery_worker import NEEDS_WORKER, start_worker, wait_for

pytestmark = NEEDS_WORKER


def test_a_real_worker_computes_and_stores_a_weekly_report(real_broker, demo_chain):
    week = Week.last_completed()
    queue = f"regie-test-{uuid.uuid4().hex}"
    with tempfile.TemporaryFile(mode="w+") as log:
        worker = start_worker(queue, log)
        try:
            tasks.compute_weekly_report.apply_async(args=[week.label], queue=queue)
            stored = wait_for(lambda: WeeklyReport.objects.filter(week_start=week.monday).exists(), worker)
        finally:
            stop_process(worker)
            redis.Redis.from_url(real_broker).delete(queue)
            log.seek(0)
            output = log.read()
    assert stored, f"the worker stored no report for {week.label}:\n{output}"
    report = WeeklyReport.objects.get(week_start=week.monday)
    assert report.metrics["week"] == week.label
    assert ReportRun.objects.get(kind="weekly_trend", period=week.label).status == "succeeded"
