"""Whether a clock met its response and resolution targets, read from the clock itself: a target is met when
the business time from the clock's start to the moment it was met, holds excluded, is within the target
(DESIGN §4). Not from the absence of a breach event: an event may be missing, the clock cannot be."""

from incidents.clocks import engine_for_json, met_in_time
from incidents.models import SlaClock

from .weeks import Week


def decided_in(clock, week: Week, holds: list) -> dict:
    """For the targets decided in the week: True when met, False when not; None for a target not decided in
    it. A response is decided when the party acknowledged, a resolution when the incident was resolved. The clock
    is a row with its calendar snapshot as JSON text (`calendar_json`)."""
    outcome = {"response": None, "resolution": None}
    engine = engine_for_json(clock.calendar_json)
    if clock.responded_at is not None and week.start <= clock.responded_at < week.end:
        outcome["response"] = met_in_time(engine, clock, holds, clock.response_minutes, clock.responded_at)
    resolved = clock.stop_reason == SlaClock.StopReason.RESOLVED and clock.stopped_at is not None
    if resolved and week.start <= clock.stopped_at < week.end:
        outcome["resolution"] = met_in_time(engine, clock, holds, clock.resolution_minutes, clock.stopped_at)
    return outcome
