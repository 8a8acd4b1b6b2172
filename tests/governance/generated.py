"""A generated workload (bench/loadgen, in-process), its weekly reports and their recomputation, made once per
test process: the rows are rolled back after the figures are read, so the database stays empty.

Its size: GENERATED_INCIDENTS when set, otherwise 2,500 incidents on PostgreSQL (what CI runs on) and 300 on
SQLite (the quick local run); see the README, "Checked on generated data", for what each costs."""

import os
from dataclasses import dataclass

from django.db import connection, transaction

from bench.loadgen import generate
from core.weeks import Week
from governance.models import WeeklyReport
from governance.reports.services import weekly_report_compute, weekly_reports_compute
from incidents.models import Incident, SlaClock, SlaEvent
from tests.governance.recompute import differences
from tests.governance.stored import stored_metrics
from tests.timetravel import local

NOW = local(2026, 11, 18, 15, 30)
WEEKS = 6
INCIDENTS = {"postgresql": 2_500, "sqlite": 300}
CHANGES = 60


def incident_count() -> int:
    configured = os.environ.get("GENERATED_INCIDENTS")
    return int(configured) if configured else INCIDENTS.get(connection.vendor, INCIDENTS["sqlite"])


@dataclass
class GeneratedSet:
    weeks: list
    incidents: int
    breached_incidents: int
    differences: list
    stored_weeks: int
    stored_totals: dict  # figure -> its sum over the stored weeks (chain-wide)
    waited_on: set  # the kinds waited on in the stored rows' hold tables: "party", "reporter"
    breaches_with_waiting: int  # attributed breaches that list time waited on a party or the reporter
    size: int  # the incidents asked for
    services_with_incidents: int  # services whose rows in the stored weeks count an incident
    batched_differences: list  # (week, figure) where weeks computed together stored other figures than alone

    @property
    def breach_rate(self) -> float:
        """The share of incidents with a chain SLA clock whose response or resolution target was breached."""
        return self.breached_incidents / self.incidents


def generated_set(chain_snapshot) -> GeneratedSet:
    with transaction.atomic():
        chain_snapshot.restore()
        size = incident_count()
        generate(incidents=size, changes=CHANGES, seed=7, years=(WEEKS + 1) * 7 / 365, now=NOW)
        weeks = Week.of(NOW).previous.back(WEEKS - 1)
        for week in weeks:
            weekly_report_compute(week=week)
        stored = {report.week_start: stored_metrics(report) for report in WeeklyReport.objects.all()}
        found = differences(weeks, NOW, report=lambda week: stored[week.monday])
        WeeklyReport.objects.all().delete()
        weekly_reports_compute(weeks=weeks, batch=4)  # a batch of four weeks, then one of two
        together = {report.week_start: stored_metrics(report) for report in WeeklyReport.objects.all()}
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
            waited_on={key.split(":")[0] for metrics in stored.values() for key in metrics["waited_on"]},
            breaches_with_waiting=sum(
                bool(breach["waited_on"]) for metrics in stored.values() for breach in metrics["attribution"]
            ),
            size=size,
            services_with_incidents=len(
                {
                    slug
                    for metrics in stored.values()
                    for slug, row in metrics["incidents"]["by_service"].items()
                    if row["opened"] or row["backlog"]
                }
            ),
            batched_differences=_differences(stored, together),
        )
        transaction.set_rollback(True)
    return result


def _differences(alone: dict, together: dict) -> list:
    """(week, figure) wherever the rows differ, apart from when they were computed."""
    if alone.keys() != together.keys():
        return [("weeks", sorted(alone), sorted(together))]
    return [
        (str(week), name)
        for week, metrics in alone.items()
        for name in metrics.keys() | together[week].keys()
        if metrics.get(name) != together[week].get(name)
    ]
