"""Whether a clock met its response and resolution targets, read from the clock itself: a target is met when
the business time from the clock's start to the moment it was met, holds excluded, is within the target
(DESIGN §4). Not from the absence of a breach event: an event may be missing, the clock cannot be."""

from collections import defaultdict

from incidents.clocks import ClockState, read_resolution, read_response
from incidents.models import HoldPeriod, SlaClock

from .weeks import Week

HOLD_FIELDS = ("incident_id", "started_at", "ended_at")


def holds_of(incident_ids) -> dict[int, list]:
    """The hold periods of these incidents, per incident, in one query."""
    holds = defaultdict(list)
    for hold in HoldPeriod.objects.filter(incident_id__in=set(incident_ids)).only(*HOLD_FIELDS).order_by():
        holds[hold.incident_id].append(hold)
    return holds


def decided_in(clock, week: Week, holds: list) -> dict:
    """For the targets decided in the week: True when met, False when not; None for a target not decided in
    it. A response is decided when the party acknowledged, a resolution when the incident was resolved."""
    outcome = {"response": None, "resolution": None}
    if clock.responded_at is not None and week.start <= clock.responded_at < week.end:
        outcome["response"] = read_response(clock, holds, clock.responded_at).state == ClockState.MET
    resolved = clock.stop_reason == SlaClock.StopReason.RESOLVED and clock.stopped_at is not None
    if resolved and week.start <= clock.stopped_at < week.end:
        outcome["resolution"] = read_resolution(clock, holds, clock.stopped_at).state == ClockState.MET
    return outcome


def missed_counts(clocks, week: Week, key) -> dict:
    """Per key(clock): how many responses and resolutions decided in the week missed their target."""
    clocks = list(clocks)
    holds = holds_of(clock.incident_id for clock in clocks)
    counts: dict = defaultdict(lambda: {"responses_breached": 0, "resolutions_breached": 0})
    for clock in clocks:
        outcome = decided_in(clock, week, holds[clock.incident_id])
        found = counts[key(clock)]
        found["responses_breached"] += outcome["response"] is False
        found["resolutions_breached"] += outcome["resolution"] is False
    return counts
