"""A clock's row per week (`ClockWeek`): what the week's figures count of it, as it stood at the week's end.

Every write to a clock (its history row) rewrites the row of the week the write falls in, and only that one: a
write in a later week (a reopening, a new priority) leaves the earlier weeks as they stood. Whether a target was
met is read from the clock, not from the absence of a breach event (an event may be missing, the clock cannot
be), and worked out at the write that decides it: the holds before that moment are final by then (a hold still
open counts up to it). An instant is recorded when it happens, so the write that records a start, an answer or a
resolution falls in the instant's own week.

`fill_from_history` writes the same rows from the history for writes that did not pass the model (the benchmark
loader's COPY, a database upgraded to the table)."""

from collections.abc import Callable
from functools import cache

from django.db.models import Max, Min, TextField
from django.db.models.functions import Cast

from core.weeks import Week

from .clocks import engine_for_json, engine_for_snapshot, met_in_time
from .models import ClockWeek, HoldPeriod, SlaClock

FIGURES = ("received", "response_met", "acknowledged_after", "resolution_met")
IDENTITY = ("incident_id", "scope", "party_id", "agreement_id", "agreement_reference")  # the clock's, copied
FILL_CHUNK = 5000  # clocks a step of `fill_from_history` reads the history of


def counted_in(clock, week: Week, engine: Callable, holds: Callable) -> dict | None:
    """What the week counts of a clock as it stands (an instance or a row of its version): whether it started in
    the week and, per target decided in it, whether it was met (the response with the real time it took); None
    when the week counts nothing of it. `engine()` gives its business calendar, `holds()` its incident's holds
    (`met_in_time` asks only for a target met later in real time than the target)."""
    response_met = acknowledged_after = resolution_met = None
    if _within(clock.responded_at, week):
        response_met = met_in_time(clock, clock.response_minutes, clock.responded_at, engine, holds)
        acknowledged_after = clock.responded_at - clock.started_at
    if _resolved_within(clock, week):
        resolution_met = met_in_time(clock, clock.resolution_minutes, clock.stopped_at, engine, holds)
    received = _within(clock.started_at, week)
    if not received and response_met is None and resolution_met is None:
        return None
    return dict(zip(FIGURES, (received, response_met, acknowledged_after, resolution_met), strict=True))


def record_week(sender, instance: SlaClock, history_instance, **kwargs) -> None:
    """Rewrite the row of the week a clock's new history row falls in (simple-history's post-create signal)."""
    if history_instance.history_type == "-":
        return
    week = Week.of(history_instance.history_date)
    holds = cache(lambda: list(HoldPeriod.objects.filter(incident_id=instance.incident_id)))
    values = counted_in(instance, week, lambda: engine_for_snapshot(instance.calendar_snapshot), holds)
    if values is None:
        ClockWeek.objects.filter(clock=instance, week=week.monday).delete()
        return
    identity = {name: getattr(instance, name) for name in IDENTITY}
    ClockWeek.objects.bulk_create(
        [ClockWeek(clock=instance, week=week.monday, **identity, **values)],
        update_conflicts=True,
        unique_fields=["week", "clock"],
        update_fields=list(FIGURES),
    )


# What `fill_from_history` reads of a clock's version, its calendar as JSON text (a few distinct calendars).
VERSION_FIELDS = (
    "id",
    *IDENTITY,
    "history_type",
    "history_date",
    "started_at",
    "responded_at",
    "stopped_at",
    "stop_reason",
    "response_minutes",
    "resolution_minutes",
    "calendar_json",
)


def fill_from_history(clock_weeks=ClockWeek, clock_history=None, hold_periods=HoldPeriod, *, after: int = 0) -> int:
    """Write the rows of the clocks with an id above `after` from their history, as `record_week` would have: per
    clock and week in which it was written, from its last version of the week. The models are parameters so that
    a migration can pass its own. Returns the number of rows written."""
    clock_history = clock_history or SlaClock.history.model
    bounds = clock_history.objects.filter(id__gt=after).aggregate(first=Min("id"), last=Max("id"))
    if bounds["first"] is None:
        return 0
    # A migration's model from before the clock's own were copied (incidents 0008) gets the figures only; incidents
    # 0010 copies them into the rows it finds.
    identity = [name for name in IDENTITY if name in {field.attname for field in clock_weeks._meta.concrete_fields}]
    written = 0
    for low in range(bounds["first"], bounds["last"] + 1, FILL_CHUNK):
        versions = _last_of_each_week(clock_history, low, low + FILL_CHUNK)
        holds: dict[int, list] = {}
        incidents = {version.incident_id for version, _week in versions}
        for hold in hold_periods.objects.filter(incident_id__in=incidents).values_list(
            "incident_id", "started_at", "ended_at", named=True
        ):
            holds.setdefault(hold.incident_id, []).append(hold)
        rows = []
        for version, week in versions:
            values = counted_in(
                version,
                week,
                lambda v=version: engine_for_json(v.calendar_json),
                lambda v=version, found=holds: found.get(v.incident_id, []),
            )
            if values is not None:
                copied = {name: getattr(version, name) for name in identity}
                rows.append(clock_weeks(clock_id=version.id, week=week.monday, **copied, **values))
        clock_weeks.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


def _last_of_each_week(clock_history, low: int, high: int) -> list[tuple]:
    """The (version, week) of the clocks with an id in [low, high): each clock's last version written in each week
    it was written in; none for a clock since deleted."""
    rows = (
        clock_history.objects.filter(id__gte=low, id__lt=high)
        .annotate(calendar_json=Cast("calendar_snapshot", TextField()))
        .order_by("id", "history_date", "history_id")
        .values_list(*VERSION_FIELDS, named=True)
    )
    last: dict[tuple, tuple] = {}
    deleted = set()
    weeks: dict[object, Week] = {}  # one Week per Monday, its bounds worked out once
    for version in rows.iterator(chunk_size=FILL_CHUNK):
        if version.history_type == "-":
            deleted.add(version.id)
        week = Week.of(version.history_date)
        last[version.id, weeks.setdefault(week.monday, week)] = version
    return [(version, week) for (clock_id, week), version in last.items() if clock_id not in deleted]


def _within(instant, week: Week) -> bool:
    return instant is not None and week.start <= instant < week.end


def _resolved_within(clock, week: Week) -> bool:
    return clock.stop_reason == SlaClock.StopReason.RESOLVED and _within(clock.stopped_at, week)
