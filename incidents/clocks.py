"""Reading an SLA clock: due time, elapsed business time, paused time and state (DESIGN §4).

due = calendar.add(start, target + business time spent on hold). A warning is due at 75% of the
target, a breach at 100%. The calendar is the one the clock started with (a snapshot).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from parties.calendars import BusinessCalendar
from parties.models import Agreement, AgreementTarget, ServiceCalendar

from .models import SlaClock, SlaEvent

WARNING_FRACTION = 0.75


class ClockState:
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    WARNING = "warning"
    BREACHED = "breached"
    STOPPED = "stopped"

    labels = {
        RUNNING: _("loopt"),
        PAUSED: _("gepauzeerd"),
        MET: _("gehaald"),
        WARNING: _("waarschuwing"),
        BREACHED: _("overschreden"),
        STOPPED: _("gestopt (overgedragen)"),
    }


@dataclass(frozen=True)
class TargetReading:
    target: str
    target_duration: timedelta
    due: datetime | None
    elapsed: timedelta
    paused: timedelta
    state: str

    @property
    def state_label(self):
        return ClockState.labels[self.state]

    @property
    def warned(self) -> bool:
        """The clock has used 75% of the target (whether it runs, is paused, met or stopped)."""
        return self.elapsed >= self.target_duration * WARNING_FRACTION

    @property
    def percent(self) -> int:
        return int(100 * self.elapsed / self.target_duration) if self.target_duration else 0


@lru_cache(maxsize=64)
def engine_for_json(snapshot_json: str) -> BusinessCalendar:
    """The business calendar of a calendar snapshot given as JSON text, one engine per distinct text: the reports
    read the snapshots of thousands of clocks as text, decoded only the first time."""
    return ServiceCalendar.engine_from_snapshot(json.loads(snapshot_json))


@lru_cache(maxsize=64)
def working_day_minutes_for_json(snapshot_json: str) -> int | None:
    """Minutes in one working day of a calendar snapshot given as JSON text (None when always open), worked out
    once per distinct text."""
    return ServiceCalendar.working_day_minutes_of(json.loads(snapshot_json))


def engine_for(clock: SlaClock) -> BusinessCalendar:
    return engine_for_snapshot(clock.calendar_snapshot)


def engine_for_snapshot(snapshot: dict) -> BusinessCalendar:
    """The business calendar of a clock's calendar snapshot (one engine per distinct snapshot)."""
    return engine_for_json(json.dumps(snapshot, sort_keys=True))


def time_on_hold(engine: BusinessCalendar, holds, start: datetime, end: datetime) -> timedelta:
    """Business time within [start, end) during which the incident was on hold."""
    paused = timedelta(0)
    for hold in holds:
        hold_start, hold_end = max(hold.started_at, start), min(hold.ended_at or end, end)
        if hold_end > hold_start:
            paused += engine.elapsed(hold_start, hold_end)
    return paused


def paused_time(clock: SlaClock, holds, until: datetime) -> timedelta:
    """Business time the incident spent on hold while this clock ran, up to `until`."""
    return time_on_hold(engine_for(clock), holds, clock.started_at, until)


def is_paused(clock: SlaClock, holds) -> bool:
    return clock.stopped_at is None and any(hold.ended_at is None for hold in holds)


def read_response(clock: SlaClock, holds, now: datetime) -> TargetReading:
    return _read(clock, holds, now, SlaEvent.Target.RESPONSE, clock.response_minutes, clock.responded_at)


def read_resolution(clock: SlaClock, holds, now: datetime) -> TargetReading:
    resolved_at = clock.stopped_at if clock.stop_reason == SlaClock.StopReason.RESOLVED else None
    return _read(clock, holds, now, SlaEvent.Target.RESOLUTION, clock.resolution_minutes, resolved_at)


def met_in_time(clock, minutes: int, met_at: datetime, engine: Callable, holds: Callable) -> bool:
    """Whether a target of `minutes` met at `met_at` was met in time: what a reading says (MET), without working
    out its due time (a clock or a row with its started_at). `engine()` gives the business calendar it started with
    and `holds()` its incident's holds, asked for only when the real time it took is over the target."""
    target = timedelta(minutes=minutes)
    if met_at - clock.started_at <= target:
        return True  # business time, holds taken out, is never more than the real time it spans
    elapsed, _paused = _elapsed(engine(), clock, holds(), met_at)
    return elapsed <= target


def _elapsed(engine: BusinessCalendar, clock: SlaClock, holds, end: datetime) -> tuple[timedelta, timedelta]:
    """Business time from the clock's start to `end` with the time on hold taken out, and that time on hold."""
    paused = time_on_hold(engine, holds, clock.started_at, end)
    return engine.elapsed(clock.started_at, end) - paused, paused


def _read(clock, holds, now, target_name, minutes, met_at) -> TargetReading:
    engine = engine_for(clock)
    target = timedelta(minutes=minutes)
    elapsed, paused = _elapsed(engine, clock, holds, met_at or clock.stopped_at or now)
    paused_now = met_at is None and is_paused(clock, holds)
    due = None if paused_now else engine.add(clock.started_at, target + paused)
    if met_at is not None:
        state = ClockState.MET if elapsed <= target else ClockState.BREACHED
    elif elapsed >= target:
        state = ClockState.BREACHED
    elif clock.stopped_at is not None:
        state = ClockState.STOPPED
    elif paused_now:
        state = ClockState.PAUSED
    elif elapsed >= target * WARNING_FRACTION:
        state = ClockState.WARNING
    else:
        state = ClockState.RUNNING
    return TargetReading(target_name, target, due, elapsed, paused, state)


def read_clock(clock: SlaClock, holds, now: datetime) -> tuple[TargetReading, TargetReading]:
    return read_response(clock, holds, now), read_resolution(clock, holds, now)


def crossed_at(clock: SlaClock, holds, amount: timedelta, until: datetime) -> datetime:
    """The instant at which `amount` of business time, holds excluded, had passed on the clock (a hold still
    open counts as lasting until `until`). Each step adds the holds begun before the instant found so far, so
    it ends after at most one step per hold."""
    engine = engine_for(clock)
    moment = engine.add(clock.started_at, amount)
    while True:
        paused = timedelta(0)
        for hold in holds:
            hold_start, hold_end = max(hold.started_at, clock.started_at), hold.ended_at or until
            if hold_start < moment and hold_end > hold_start:
                paused += engine.elapsed(hold_start, hold_end)
        later = engine.add(clock.started_at, amount + paused)
        if later <= moment:
            return moment
        moment = later


def thresholds_crossed(clock: SlaClock, reading: TargetReading, holds, now: datetime) -> list[tuple[str, datetime]]:
    """The (kind, instant) of the warning (75%) and breach (100%) the reading has reached, each dated at the
    instant it was crossed in business time, however late the clock is read."""
    crossed = []
    until = now if clock.stopped_at is None else min(clock.stopped_at, now)
    if reading.warned:
        crossed.append(
            (SlaEvent.Kind.WARNING, crossed_at(clock, holds, reading.target_duration * WARNING_FRACTION, until))
        )
    if reading.state == ClockState.BREACHED:
        crossed.append((SlaEvent.Kind.BREACH, crossed_at(clock, holds, reading.target_duration, until)))
    return crossed


# What a clock takes from an agreement's target (its version at the clock's start).
TARGET_FIELDS = ("history_type", "response_minutes", "resolution_minutes", "calendar_id")


def target_as_of(agreement: Agreement, priority: str, at: datetime):
    """The agreement's target for the priority as it was recorded at `at` (its version then)."""
    recorded = AgreementTarget.history.filter(agreement_id=agreement.pk, priority=priority, history_date__lte=at)
    recorded = recorded.only(*TARGET_FIELDS).order_by("-history_date").first()
    if recorded is not None and recorded.history_type != "-":
        return recorded
    return AgreementTarget.objects.filter(agreement=agreement, priority=priority).first()


def calendar_as_of(calendar_id: int, at: datetime) -> dict:
    """The calendar's snapshot as it was recorded at `at`, for a clock that starts or is retargeted then."""
    recorded = ServiceCalendar.history.filter(id=calendar_id, history_date__lte=at).order_by("-history_date").first()
    calendar = recorded.instance if recorded else ServiceCalendar.objects.get(pk=calendar_id)
    return calendar.snapshot()
