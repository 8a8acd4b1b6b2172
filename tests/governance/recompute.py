"""An independent recomputation of the SLA clocks and the weekly figures from the raw rows.

It shares nothing with the report code: it reads the incident history rows, the clock rows and history rows,
the holds and the clocks' calendar snapshots, and does its own business-time arithmetic (opening hours in the
calendar's time zone, the public holidays of the country the calendar names and its extra closed days; a 24×7
calendar counts real time). Usable on any data set: `differences(weeks, now)` lists every figure that differs.
"""

import json
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from governance.reports.services import build_metrics
from incidents.models import HoldPeriod, Incident, SlaClock, SlaEvent

OPEN = {"new", "assigned", "in_progress", "on_hold", "reopened"}
WARNING = 0.75


@cache
def _public_holidays(country: str, year: int):
    return holidays.country_holidays(country, years=year)


class Calendar:
    def __init__(self, snapshot: dict):
        self.always_open = snapshot["always_open"]
        self.zone = ZoneInfo(snapshot["time_zone"])
        self.hours = [[tuple(pair) for pair in day] for day in snapshot.get("weekly_hours") or [[]] * 7]
        self.closed = {date.fromisoformat(day) for day in snapshot.get("extra_closed_days") or []}
        self.country = snapshot.get("public_holidays") or None

    def _closed(self, day: date) -> bool:
        return day in self.closed or (self.country is not None and day in _public_holidays(self.country, day.year))

    @cache  # noqa: B019 (one calendar per snapshot, kept for the whole recomputation: see `calendar`)
    def open_windows(self, day: date) -> tuple:
        if self._closed(day):
            return ()
        windows = []
        for opens, closes in self.hours[day.weekday()]:
            start = datetime.combine(day, time.fromisoformat(opens), self.zone)
            end_day = day + timedelta(days=1) if closes == "00:00" else day
            windows.append(
                (
                    start.astimezone(UTC),
                    datetime.combine(end_day, time.fromisoformat(closes), self.zone).astimezone(UTC),
                )
            )
        return tuple(windows)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if end <= start:
            return timedelta(0)
        if self.always_open:
            return end - start
        total = timedelta(0)
        day = start.astimezone(self.zone).date() - timedelta(days=1)
        while day <= end.astimezone(self.zone).date():
            for opens, closes in self.open_windows(day):
                total += max(timedelta(0), min(end, closes) - max(start, opens))
            day += timedelta(days=1)
        return total


_calendars: dict = {}


def calendar(snapshot: dict) -> Calendar:
    """One Calendar per distinct snapshot, so its days' opening windows are worked out once (a generated set of
    20,000 incidents has a handful of calendars)."""
    key = json.dumps(snapshot, sort_keys=True)
    if key not in _calendars:
        _calendars[key] = Calendar(snapshot)
    return _calendars[key]


class Clock:
    """One clock row with its incident's holds: business time used, and when it crossed an amount."""

    def __init__(self, row, holds):
        self.row, self.holds, self.calendar = row, holds, calendar(row.calendar_snapshot)

    def used(self, until: datetime) -> timedelta:
        start = self.row.started_at
        paused = sum(
            (self.calendar.elapsed(max(h.started_at, start), min(h.ended_at or until, until)) for h in self.holds),
            timedelta(0),
        )
        return self.calendar.elapsed(start, until) - paused

    def crossing(self, amount: timedelta, until: datetime) -> datetime:
        """The first whole second at which `amount` was used (the demo's instants are whole minutes)."""
        high = int((until - self.row.started_at).total_seconds())
        low = min(int(amount.total_seconds()), high)  # business time never runs ahead of real time
        while low < high:
            middle = (low + high) // 2
            if self.used(self.row.started_at + timedelta(seconds=middle)) >= amount:
                high = middle
            else:
                low = middle + 1
        return self.row.started_at + timedelta(seconds=low)

    def targets(self):
        row = self.row
        resolved_at = row.stopped_at if row.stop_reason == "resolved" else None
        yield "response", timedelta(minutes=row.response_minutes), row.responded_at
        yield "resolution", timedelta(minutes=row.resolution_minutes), resolved_at

    def met(self, target: str) -> bool | None:
        for name, amount, met_at in self.targets():
            if name == target:
                return None if met_at is None else self.used(met_at) <= amount
        raise ValueError(target)

    def events(self, now: datetime) -> dict:
        """(target, kind) → instant of every warning and breach this clock should have recorded."""
        found = {}
        for target, amount, met_at in self.targets():
            end = met_at or self.row.stopped_at or now
            used = self.used(end)
            if used >= amount * WARNING:
                found[(target, "warning")] = self.crossing(amount * WARNING, end)
            if used > amount or (met_at is None and used >= amount):
                found[(target, "breach")] = self.crossing(amount, end)
        return found


def _holds():
    holds = defaultdict(list)
    for hold in HoldPeriod.objects.select_related("waiting_for_party").order_by("started_at"):
        holds[hold.incident_id].append(hold)
    return holds


def expected_events(now: datetime) -> dict:
    """(clock id, target, kind) → instant, for every clock as it stands now."""
    holds = _holds()
    expected = {}
    for row in _rows(SlaClock.objects.order_by(), CLOCK_COLUMNS):
        for (target, kind), instant in Clock(row, holds[row.incident_id]).events(now).items():
            expected[(row.id, target, kind)] = instant
    return expected


# The columns the recomputation reads, of the incidents' and the clocks' rows (current and history).
INCIDENT_COLUMNS = ("id", "status", "reported_at", "resolved_at")
CLOCK_COLUMNS = (
    *("id", "incident_id", "scope", "calendar_snapshot", "started_at", "stopped_at", "stop_reason"),
    *("responded_at", "response_minutes", "resolution_minutes"),
)
HISTORY_COLUMNS = ("history_date", "history_type")


def _rows(queryset, columns: tuple) -> list:
    """The rows as named tuples of the columns read: a generated set's 100,000s of history rows are read in a
    fraction of the time model instances (or every column) take."""
    return list(queryset.values_list(*columns, named=True))


def recorded_events() -> dict:
    return {(event.clock_id, event.target, event.kind): event.raised_at for event in SlaEvent.objects.all()}


def _as_of(rows: list, moment: datetime) -> dict:
    """id → the latest of the rows (sorted by date and history id) written before `moment`."""
    latest = {}
    for row in rows:
        if row.history_date < moment:
            latest[row.id] = row
    return latest


def week_figures(week, expected: dict, incident_rows: list, clock_rows: list, holds: dict, sla_clocks: dict) -> dict:
    start, end = week.start, week.end
    in_week = lambda moment: moment is not None and start <= moment < end  # noqa: E731
    incidents = _as_of(incident_rows, end)
    previous, reopenings = {}, 0
    for row in incident_rows:
        if row.status == "reopened" and in_week(row.history_date) and previous.get(row.id) != "reopened":
            reopenings += 1
        previous[row.id] = row.status
    resolved = {row.id for row in incident_rows if row.history_date < end and in_week(row.resolved_at)}
    scopes = {}
    decided = {"response": [0, 0], "resolution": [0, 0]}
    for row in _as_of(clock_rows, end).values():
        scopes[row.id] = row.scope
        if row.scope != "sla" or row.history_type == "-":
            continue
        clock = Clock(row, holds[row.incident_id])
        for target, _amount, met_at in clock.targets():
            if in_week(met_at):
                decided[target][0] += 1
                decided[target][1] += bool(clock.met(target))
    percent = lambda met, total: round(100 * met / total, 1) if total else None  # noqa: E731
    return {
        "opened": sum(in_week(row.reported_at) for row in incidents.values()),
        "resolved": len(resolved),
        "backlog": sum(row.status in OPEN for row in incidents.values()),
        "reopenings": reopenings,
        "breaches": sum(
            1
            for (clock_id, _target, kind), instant in expected.items()
            if kind == "breach" and in_week(instant) and sla_clocks.get(clock_id)
        ),
        "sla_responses_decided": decided["response"][0],
        "sla_resolutions_decided": decided["resolution"][0],
        "sla_response_met_percent": percent(decided["response"][1], decided["response"][0]),
        "sla_resolution_met_percent": percent(decided["resolution"][1], decided["resolution"][0]),
    }


CHARGED = {"reporter", "party"}  # holds waiting on someone's action: not a confirmation, not a known outage


def waited_on_figures(week, holds: dict) -> dict:
    """Per party waited on ("party:<slug>") and the reporter ("reporter"): incidents, holds and real hours
    waited within the week."""
    found = defaultdict(lambda: {"name": None, "incidents": set(), "holds": 0, "time": timedelta(0)})
    for incident_holds in holds.values():
        for hold in incident_holds:
            start, end = max(hold.started_at, week.start), min(hold.ended_at or week.end, week.end)
            if hold.waiting_for not in CHARGED or hold.started_at >= week.end or end <= week.start:
                continue
            party = hold.waiting_for_party
            row = found["reporter" if party is None else f"party:{party.slug}"]
            row["name"] = None if party is None else party.name
            row["incidents"].add(hold.incident_id)
            row["holds"] += 1
            row["time"] += end - start
    return {
        key: {
            "name": row["name"],
            "incidents": len(row["incidents"]),
            "holds": row["holds"],
            "hours": round(row["time"].total_seconds() / 3600, 1),
        }
        for key, row in found.items()
    }


def waited_on_in_breaches(week, expected: dict, holds: dict, clocks: dict) -> dict:
    """(incident, agreement, target, raised at) → [(party name waited on or None for the reporter, business
    minutes)] for every breach of an SLA clock (`clocks`: id → row with its incident) in the week, over the
    clock's run up to the breach's end."""
    found = {}
    for (clock_id, target, kind), instant in expected.items():
        if kind != "breach" or clock_id not in clocks or not week.start <= instant < week.end:
            continue
        clock = clocks[clock_id]
        clock_calendar = calendar(clock.calendar_snapshot)
        end = min(clock.stopped_at or week.end, week.end)
        if target == "response" and clock.responded_at:
            end = min(end, clock.responded_at)
        waited = defaultdict(timedelta)
        for hold in holds[clock.incident_id]:
            if hold.waiting_for in CHARGED:
                party = hold.waiting_for_party
                waited[None if party is None else party.name] += clock_calendar.elapsed(
                    max(hold.started_at, clock.started_at), min(hold.ended_at or end, end)
                )
        key = (clock.incident.reference, clock.agreement_reference, target, instant.isoformat())
        found[key] = sorted((party, round(time.total_seconds() / 60, 1)) for party, time in waited.items() if time)
    return found


def _reported_waiting(metrics: dict) -> dict:
    return {
        (breach["incident"], breach["agreement"], breach["target"], breach["raised_at"]): sorted(
            (waited["party"], waited["minutes"]) for waited in breach["waited_on"]
        )
        for breach in metrics["attribution"]
    }


def differences(weeks, now: datetime, report=None) -> list:
    """Every clock event and weekly figure where the stored records and the report differ from the
    recomputation: (what, recomputed, found). `report(week)`: the report's metrics of a week (by default
    computed now; the stored weekly row to check what was stored)."""
    report = report or build_metrics
    found = []
    expected, recorded = expected_events(now), recorded_events()
    for key in sorted(set(expected) | set(recorded)):
        if expected.get(key) != recorded.get(key):
            found.append((("event", *key), expected.get(key), recorded.get(key)))
    incident_rows = _rows(
        Incident.history.model.objects.order_by("history_date", "history_id"), INCIDENT_COLUMNS + HISTORY_COLUMNS
    )
    clock_rows = _rows(
        SlaClock.history.model.objects.order_by("history_date", "history_id"), CLOCK_COLUMNS + HISTORY_COLUMNS
    )
    holds = _holds()
    sla_clocks = {pk: scope == "sla" for pk, scope in SlaClock.objects.values_list("pk", "scope")}
    clocks = {clock.pk: clock for clock in SlaClock.objects.filter(scope="sla").select_related("incident")}
    for week in weeks:
        metrics = report(week)
        figures = metrics["incidents"]["total"]
        for name, value in week_figures(week, expected, incident_rows, clock_rows, holds, sla_clocks).items():
            if figures[name] != value:
                found.append((("week", week.label, name), value, figures[name]))
        waited_on = waited_on_figures(week, holds)
        if metrics["waited_on"] != waited_on:
            found.append((("week", week.label, "waited_on"), waited_on, metrics["waited_on"]))
        reported, recomputed = _reported_waiting(metrics), waited_on_in_breaches(week, expected, holds, clocks)
        for key in sorted(set(reported) | set(recomputed), key=str):
            if reported.get(key) != recomputed.get(key):
                found.append((("breach waited on", week.label, *key), recomputed.get(key), reported.get(key)))
    return found
