"""The weekly report task run by a real Celery worker on Redis against PostgreSQL."""

from core.weeks import Week
from governance import tasks
from governance.models import ReportRun, WeeklyReport
from tests.celery_worker import NEEDS_WORKER, running_worker, wait_for

pytestmark = NEEDS_WORKER


def test_a_real_worker_computes_and_stores_a_weekly_report(real_broker, demo_chain):
    week = Week.last_completed()
    with running_worker(real_broker) as worker:
        tasks.compute_weekly_report.apply_async(args=[week.label], queue=worker.queue)
        stored = wait_for(lambda: WeeklyReport.objects.filter(week_start=week.monday).exists(), worker.process)
    assert stored, f"the worker stored no report for {week.label}:\n{worker.output}"
    report = WeeklyReport.objects.get(week_start=week.monday)
    assert report.metrics["week"] == week.label
    assert ReportRun.objects.get(kind="weekly_trend", period=week.label).status == "succeeded"
