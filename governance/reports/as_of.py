"""The records as they stood at an instant, read from their history: a week's figures "as of its end" must
not change when the records change later (a reopening, a new priority, a retargeted clock).

Several consecutive weeks are read in one pass: the history rows of the records the weeks count are streamed
once, ordered by record and time, and each record's version at each week's end is picked from them."""

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL

from incidents.models import HoldPeriod, Incident, SlaClock, SlaEvent
from parties.models import ComplianceThreshold

from .outcomes import decided_in
from .thresholds import DEFAULT
from .weeks import Week, WeekIndex, span

CHUNK = 2000


def versions_at(rows, moments: list):
    """Per record, from its history rows (named rows with id, history_date and history_type) ordered by record,
    history date and history id: (record, its version at each of `moments`, ascending), the latest row written
    before the moment; None when there was none yet or that row records its deletion."""
    for key, written in groupby(rows, key=attrgetter("id")):
        versions, found, index = list(written), [], 0
        for moment in moments:
            while index < len(versions) and versions[index].history_date < moment:
                index += 1
            latest = versions[index - 1] if index else None
            found.append(None if latest is None or latest.history_type == "-" else latest)
        yield key, found


# The span from filing to the last resolution or closure, as today's row has it (open: unbounded), as the GiST
# index incidents_incident_open_span_gist stores it (migration incidents 0004).
OPEN_SPAN_SQL = (
    'tstzrange("incidents_incident"."reported_at", CASE WHEN LEAST("incidents_incident"."resolved_at", '
    '"incidents_incident"."closed_at") < "incidents_incident"."reported_at" THEN "incidents_incident"."reported_at" '
    'ELSE LEAST("incidents_incident"."resolved_at", "incidents_incident"."closed_at") END, \'[]\')'
)


def maybe_open_during(first, last) -> Q:
    """Incidents that may have been open at some instant of [first, last], read from today's rows: reported
    before `last` and not last resolved or closed before `first`. A superset (an incident resolved before and
    reopened after has today's span over it); `might_be_open_at` and then the history decide."""
    if connection.vendor == "postgresql":
        overlaps = RawSQL(  # noqa: S611 - constant SQL, the instants are parameters
            f"{OPEN_SPAN_SQL} && tstzrange(%s::timestamptz, %s::timestamptz, '[]')",
            (first, last),
            output_field=BooleanField(),
        )
        return Q(overlaps) & Q(reported_at__lt=last)
    return (
        Q(reported_at__lt=last)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=first))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=first))
    )


def possibly_open_at(incident: dict, moments: list) -> range:
    """The positions of the `moments` (ascending) at which an incident passes `maybe_open_during`, from today's
    row (its reported_at, resolved_at and closed_at): after its filing, up to its last resolution or closure."""
    ended = [instant for instant in (incident["resolved_at"], incident["closed_at"]) if instant is not None]
    first = bisect_right(moments, incident["reported_at"])
    return range(first, bisect_right(moments, max(min(ended), incident["reported_at"])) if ended else len(moments))


def resolutions_in(weeks: list[Week]) -> dict[Week, dict[int, object]]:
    """Per week, per incident resolved in it (as recorded before its end), the instant of its last resolution."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    found: dict[Week, dict] = {week: {} for week in weeks}
    # A resolution is recorded when it happens, never ahead: every row that records one in the span was written
    # in the span, so the history date's index finds them (on resolved_at alone PostgreSQL scans the history).
    rows = (
        Incident.history.model.objects.filter(
            resolved_at__gte=start, resolved_at__lt=end, history_date__gte=start, history_date__lt=end
        )
        .order_by()
        .values("id", "resolved_at", "history_date")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        week = index.of(row["resolved_at"])
        if row["history_date"] < week.end:
            last = found[week].get(row["id"])
            found[week][row["id"]] = row["resolved_at"] if last is None else max(last, row["resolved_at"])
    return found


@dataclass(frozen=True, slots=True)
class CountedClock:
    """A clock a week's figures count, as it stood at the week's end, with its breaches raised in the week, its
    agreement's compliance thresholds (green from, amber from) at the week's end, and whether the targets
    decided in the week were met (`decided_in`, with the holds of its incident)."""

    clock: tuple  # the clock's version: a named row of COUNTED_CLOCK_FIELDS, party_slug and party_name
    week_breaches: int
    thresholds: tuple[float, float]
    outcome: dict


def clocks_as_of(weeks: list[Week]) -> dict[Week, list[CountedClock]]:
    """Per week: the clocks its figures count (started, responded or stopped in the week, or breached in it), each
    as it stood at the week's end, ordered by clock.

    The weeks each clock was touched in are grouped in SQL; the history rows of the touched and breached clocks
    are streamed as their dates only (enough to know which of their versions stood at the weeks' ends); then
    only those versions are read whole, a chunk of clocks at a time, with the holds of their incidents and their
    agreements' threshold history in one query each."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    history = SlaClock.history.model.objects
    in_span = Q()
    for field in ("started_at", "responded_at", "stopped_at"):
        in_span |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    # An instant is recorded when it happens, never ahead: the row that records one in the span was written in
    # the span, so the history date's index finds the touched clocks without reading the whole history.
    weeks_touched = _weeks_touched(history.filter(in_span, history_date__gte=start, history_date__lt=end), index)
    breached = SlaEvent.objects.filter(raised_at__gte=start, raised_at__lt=end, kind=SlaEvent.Kind.BREACH)
    raised: dict[int, Counter] = {}
    for clock_id, raised_at in breached.values_list("clock_id", "raised_at").iterator(chunk_size=CHUNK):
        raised.setdefault(clock_id, Counter())[index.get(raised_at)] += 1
    # Named by id: as a subquery (or two joined by OR), PostgreSQL read the whole clock history to find them.
    order = ("id", "history_date", "history_id")
    rows = (
        history.filter(id__in=sorted(weeks_touched.keys() | raised.keys()), history_date__lt=end)
        .order_by(*order)
        .values_list(*order, "history_type", named=True)
        .iterator(chunk_size=CHUNK)
    )
    found: dict[Week, list] = {week: [] for week in weeks}
    moments = [week.end for week in weeks]
    counted = []  # (week, history id of the version at its end, breaches raised in it), a chunk of clocks
    for clock_id, at_ends in versions_at(rows, moments):
        touched_in = weeks_touched.get(clock_id, ())
        breaches = raised.get(clock_id, Counter())
        for week, version in zip(weeks, at_ends, strict=True):
            if version is not None and (week in touched_in or breaches[week]):
                counted.append((week, version.history_id, breaches[week]))
        if len(counted) >= CHUNK:
            _read_counted(counted, end, found)
            counted = []
    _read_counted(counted, end, found)
    return found


# What the figures read of a counted clock's version (its history row's seals and reasons are not read), with its
# party's slug and name (`party_slug`, `party_name`): a row, not a model instance, at half the cost.
COUNTED_CLOCK_FIELDS = (
    "incident_id",
    "scope",
    "agreement_id",
    "agreement_reference",
    "response_minutes",
    "resolution_minutes",
    "calendar_snapshot",
    "started_at",
    "responded_at",
    "stopped_at",
    "stop_reason",
)


def _read_counted(counted: list, end, found: dict[Week, list]) -> None:
    """The versions of `counted` read whole, with their incidents' holds and their agreements' thresholds."""
    if not counted:
        return
    rows = SlaClock.history.model.objects.filter(history_id__in=[row[1] for row in counted]).annotate(
        party_slug=F("party__slug"), party_name=F("party__name")
    )
    versions = {
        version.history_id: version
        for version in rows.values_list("history_id", *COUNTED_CLOCK_FIELDS, "party_slug", "party_name", named=True)
    }
    holds: dict[int, list] = {}
    incident_ids = {version.incident_id for version in versions.values()}
    spans = HoldPeriod.objects.filter(incident_id__in=incident_ids)
    for hold in spans.values_list("incident_id", "started_at", "ended_at", named=True):
        holds.setdefault(hold.incident_id, []).append(hold)
    thresholds: dict[int, list] = {}
    written = ComplianceThreshold.history.model.objects.filter(
        agreement_id__in={version.agreement_id for version in versions.values()}, history_date__lt=end
    ).order_by("history_date", "history_id")
    for row in written.values_list(
        "agreement_id", "history_date", "history_type", "green_from_percent", "amber_from_percent"
    ):
        thresholds.setdefault(row[0], []).append(row[1:])
    for week, history_id, breaches in counted:
        version = versions[history_id]
        incident_holds = holds.get(version.incident_id, [])
        limits = _thresholds_at(thresholds.get(version.agreement_id, []), week)
        found[week].append(CountedClock(version, breaches, limits, decided_in(version, week, incident_holds)))


def _weeks_touched(recorded, index: WeekIndex) -> dict[int, set[Week]]:
    """Per clock, the weeks in which it started, responded or stopped: the weeks of the instants in the span that
    its history rows written in the span record (an instant is first recorded in its own week), grouped in SQL."""
    instants = {f"{field}_week": index.truncated(field) for field in ("started_at", "responded_at", "stopped_at")}
    touched: dict[int, set[Week]] = {}
    for clock_id, *mondays in recorded.annotate(**instants).values_list("id", *instants).distinct().order_by():
        touched.setdefault(clock_id, set()).update(week for monday in mondays if (week := index.get(monday)))
    return touched


def _thresholds_at(written: list, week: Week) -> tuple[float, float]:
    """An agreement's compliance thresholds (green from, amber from) as they stood at the week's end, from its
    threshold history rows [(history date, type, green, amber)] in order; none or removed: the defaults."""
    latest = None
    for row in written:
        if row[0] >= week.end:
            break
        latest = row
    if latest is None or latest[1] == "-":
        return DEFAULT
    return float(latest[2]), float(latest[3])
