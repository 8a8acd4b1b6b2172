"""A small generated workload (bench/loadgen, in-process), its weekly reports and their recomputation, made
once per test process: the rows are rolled back after the figures are read, so the database stays empty."""

import os
import time
from dataclasses import dataclass

from django.db import transaction

from bench.loadgen import generate
from governance.models import WeeklyReport
from governance.reports.services import weekly_report_compute
from governance.reports.weeks import Week
from incidents.models import Incident, SlaClock, SlaEvent
from tests.governance.recompute import differences
from tests.timetravel import local

NOW = local(2026, 11, 18, 15, 30)
WEEKS = 6
INCIDENTS = int(os.environ.get("GENERATED_INCIDENTS", "300"))
CHANGES = 60


@dataclass
class GeneratedSet:
    weeks: list
    incidents: int
    breached_incidents: int
    differences: list
    stored_weeks: int
    stored_totals: dict  # figure -> its sum over the stored weeks (chain-wide)

    @property
    def breach_rate(self) -> float:
        """The share of incidents with a chain SLA clock whose response or resolution target was breached."""
        return self.breached_incidents / self.incidents


def generated_set(chain_snapshot) -> GeneratedSet:
    with transaction.atomic():
        chain_snapshot.restore()
        began, began_cpu = time.monotonic(), time.process_time()
        generate(incidents=INCIDENTS, changes=CHANGES, seed=7, years=(WEEKS + 1) * 7 / 365, now=NOW)
        generated_at, generated_cpu = time.monotonic(), time.process_time()
        weeks = Week.of(NOW).previous.back(WEEKS - 1)
        for week in weeks:
            weekly_report_compute(week=week)
        stored = {report.week_start: report.metrics for report in WeeklyReport.objects.all()}
        reported_at, reported_cpu = time.monotonic(), time.process_time()
        found = differences(weeks, NOW, report=lambda week: stored[week.monday])
        print(
            f"TIMING generate={generated_at - began:.1f}s reports={reported_at - generated_at:.1f}s "
            f"recompute={time.monotonic() - reported_at:.1f}s CPU generate={generated_cpu - began_cpu:.1f}s "
            f"reports={reported_cpu - generated_cpu:.1f}s recompute={time.process_time() - reported_cpu:.1f}s"
        )
        breached = SlaEvent.objects.filter(kind=SlaEvent.Kind.BREACH, clock__scope=SlaClock.Scope.SLA)
        result = GeneratedSet(
            weeks=weeks,
            incidents=Incident.objects.count(),
            breached_incidents=breached.values("clock__incident_id").distinct().count(),
            differences=found,
            stored_weeks=len(stored),
            stored_totals={
                name: sum(metrics["incidents"]["total"][name] for metrics in stored.values())
                for name in ("opened", "resolved", "breaches", "reopenings", "sla_resolutions_decided")
            },
        )
        transaction.set_rollback(True)
    return result
