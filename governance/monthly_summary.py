"""The publishable monthly summary: SLA and change figures per calendar month, without personal data.

Only counts, percentages and durations leave this module: no names, no free text, no references.
The figures cover the whole service (not one user's view of it): they are meant for public
transparency reporting, so every logged-in user reads the same numbers.

A month runs from the 1st 00:00 to the next 1st 00:00, Europe/Amsterdam.

- opened / resolved: incidents reported / (last) resolved in the month, by their current priority;
- SLA response and resolution met %: the chain SLA clocks (scope "sla") that stopped in the month
  because the incident was resolved, read with `incidents.clocks.read_clock` (the incident page's
  computation); cancelled duplicates are not measured. A clock that is reopened runs on and is
  counted in the month it stops again;
- median time to resolve: the business time (hold time excluded) of those clocks' resolution;
- breaches: breach events raised on chain SLA clocks in the month (response and resolution apart);
- changes: per type, how many first reached submitted / approved / rejected / completed / failed /
  cancelled in the month, read from the changes' history;
- availability: per service (not per component) against the SLA's monthly promise
  (governance/reports/availability.py); a month still running is measured until now.
"""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from changes.models import ChangeRequest, ChangeStatus, ChangeType
from governance.reports.availability import availability_by_service
from governance.reports.sums import percent
from incidents.clocks import ClockState, read_clock
from incidents.models import Incident, SlaClock, SlaEvent
from parties.models import Priority

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CHANGE_OUTCOMES = tuple(
    status.value
    for status in (
        ChangeStatus.SUBMITTED,
        ChangeStatus.APPROVED,
        ChangeStatus.REJECTED,
        ChangeStatus.COMPLETED,
        ChangeStatus.FAILED,
        ChangeStatus.CANCELLED,
    )
)
AVAILABILITY_METRICS = ("measured_percent", "promised_percent", "outage_minutes", "open_minutes", "met")
INCIDENT_METRICS = (
    "opened",
    "resolved",
    "measured",
    "response_met",
    "response_met_percent",
    "resolution_met",
    "resolution_met_percent",
    "median_resolution_minutes",
    "breaches",
)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """ "2026-03" → Month(2026, 3); ValueError for anything else."""
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2 or not 1900 <= int(year) <= 2999:  # year 1: a server error
            raise ValueError(text)
        return cls(int(year), date(int(year), int(month), 1).month)

    @classmethod
    def latest_full(cls, today: date) -> "Month":
        last_day_before = today.replace(day=1) - timedelta(days=1)
        return cls(last_day_before.year, last_day_before.month)

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Month":
        return Month.latest_full(self.first_day)

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=AMSTERDAM)

    @property
    def end(self) -> datetime:
        return self.next().start


def monthly_summary(month: Month) -> dict:
    """The month's figures as plain data (the JSON export is this dict; CSV and page render it)."""
    return {
        "month": str(month),
        "period": {"from": month.start, "until": month.end},
        "incidents": _incident_rows(month),
        "changes": _change_rows(month),
        "availability": _availability_rows(month),
    }


def _availability_rows(month: Month) -> dict:
    """Per service, without the rows per component (their names stay out of the public summary)."""
    rows = availability_by_service(month.start, min(month.end, timezone.now()))
    return {slug: {key: value for key, value in row.items() if key != "components"} for slug, row in rows.items()}


def _incident_rows(month: Month) -> list[dict]:
    opened, resolved = _in_month("reported_at", month), _in_month("resolved_at", month)
    counts = Incident.objects.filter(opened | resolved).aggregate(
        **{f"opened_{priority}": Count("pk", filter=opened & Q(priority=priority)) for priority in Priority.values},
        **{f"resolved_{priority}": Count("pk", filter=resolved & Q(priority=priority)) for priority in Priority.values},
    )
    breaches = SlaEvent.objects.filter(
        _in_month("raised_at", month), kind=SlaEvent.Kind.BREACH, clock__scope=SlaClock.Scope.SLA
    ).aggregate(**{priority: Count("pk", filter=Q(clock__priority=priority)) for priority in Priority.values})
    readings = _sla_readings(month)
    rows = []
    for priority in Priority.values:
        measured = readings[priority]
        response_met = sum(response.state == ClockState.MET for response, _resolution in measured)
        resolution_met = sum(resolution.state == ClockState.MET for _response, resolution in measured)
        minutes = [resolution.elapsed.total_seconds() / 60 for _response, resolution in measured]
        rows.append(
            {
                "priority": priority,
                "opened": counts[f"opened_{priority}"],
                "resolved": counts[f"resolved_{priority}"],
                "measured": len(measured),
                "response_met": response_met,
                "response_met_percent": percent(response_met, len(measured)),
                "resolution_met": resolution_met,
                "resolution_met_percent": percent(resolution_met, len(measured)),
                "median_resolution_minutes": round(statistics.median(minutes), 1) if minutes else None,
                "breaches": breaches[priority],
            }
        )
    return rows


def _sla_readings(month: Month) -> dict[str, list]:
    """(response, resolution) readings of the chain SLA clocks resolved in the month, per priority.
    One reading per clock is needed (business time), so this iterates the month's clocks only."""
    clocks = SlaClock.objects.filter(
        _in_month("stopped_at", month), scope=SlaClock.Scope.SLA, stop_reason=SlaClock.StopReason.RESOLVED
    ).prefetch_related("incident__hold_periods")
    readings = {priority: [] for priority in Priority.values}
    for clock in clocks.iterator(chunk_size=500):
        holds = list(clock.incident.hold_periods.all())
        readings[clock.priority].append(read_clock(clock, holds, clock.stopped_at))
    return readings


def _change_rows(month: Month) -> list[dict]:
    """Per change type, the changes that first reached each outcome in the month."""
    firsts = (
        ChangeRequest.history.filter(status__in=CHANGE_OUTCOMES)
        .values("id", "status")
        .annotate(first_reached=Min("history_date"))
        .filter(_in_month("first_reached", month))
    )
    firsts = list(firsts)
    change_types = dict(
        ChangeRequest.objects.filter(pk__in={row["id"] for row in firsts}).values_list("pk", "change_type")
    )
    counts = Counter((change_types[row["id"]], row["status"]) for row in firsts if row["id"] in change_types)
    rows = [
        {"change_type": change_type, **{status: counts[change_type, status] for status in CHANGE_OUTCOMES}}
        for change_type in ChangeType.values
    ]
    rows.append({"change_type": "total", **{status: sum(row[status] for row in rows) for status in CHANGE_OUTCOMES}})
    return rows


def _in_month(field: str, month: Month) -> Q:
    return Q(**{f"{field}__gte": month.start, f"{field}__lt": month.end})


def csv_rows(summary: dict) -> list[list]:
    """The summary in long form: month, section, group, metric, value (one figure per line)."""
    rows = [[_("maand"), _("rubriek"), _("groep"), _("maat"), _("waarde")]]
    for row in summary["incidents"]:
        rows += [[summary["month"], "incidents", row["priority"], metric, row[metric]] for metric in INCIDENT_METRICS]
    for row in summary["changes"]:
        rows += [[summary["month"], "changes", row["change_type"], status, row[status]] for status in CHANGE_OUTCOMES]
    for slug, row in sorted(summary["availability"].items()):
        rows += [[summary["month"], "availability", slug, metric, row[metric]] for metric in AVAILABILITY_METRICS]
    return rows
