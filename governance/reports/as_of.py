"""The records as they stood at an instant, read from their history: a week's figures "as of its end" must
not change when the records change later (a reopening, a new priority, a retargeted clock).

The version of a record that stood at a week's end is picked in the database (`versions_standing_at`): a query
per week for the records it counts."""

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Max, Q, TextField, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, RowNumber

from incidents.models import HoldPeriod, Incident, SlaClock, SlaEvent
from parties.models import ComplianceThreshold

from .outcomes import decided_in
from .thresholds import DEFAULT
from .weeks import Week, WeekIndex, span

CHUNK = 2000


def versions_standing_at(history, ids, moment):
    """The history rows of the records `ids` that stood at `moment`: each record's latest row written before it,
    picked in the database. A row that records the record's deletion is among them (its history_type "-")."""
    newest_first = (F("history_date").desc(), F("history_id").desc())
    return (
        history.filter(id__any_of=ids, history_date__lt=moment)
        .annotate(newest=Window(RowNumber(), partition_by=F("id"), order_by=newest_first))
        .filter(newest=1)
    )


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
    """Per week, per incident resolved in it (as recorded before its end), the instant of its last resolution:
    grouped in SQL by incident and the Monday of the resolution, over the history rows written by the end of
    the resolution's week (written in a week no later than it)."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    found: dict[Week, dict] = {week: {} for week in weeks}
    # A resolution is recorded when it happens, never ahead: every row that records one in the span was written in
    # the span, so the history date's index finds them (on resolved_at alone PostgreSQL scans the history).
    rows = (
        Incident.history.model.objects.filter(
            resolved_at__gte=start, resolved_at__lt=end, history_date__gte=start, history_date__lt=end
        )
        .annotate(monday=index.truncated("resolved_at"), written=index.truncated("history_date"))
        .filter(written__lte=F("monday"))
        .order_by()
        .values("id", "monday")
        .annotate(last=Max("resolved_at"))
    )
    for row in rows.iterator(chunk_size=CHUNK):
        found[index.by_monday[row["monday"]]][row["id"]] = row["last"]
    return found


@dataclass(frozen=True, slots=True)
class CountedClock:
    """A clock a week's figures count, as it stood at the week's end, with its breaches raised in the week, its
    agreement's compliance thresholds (green from, amber from) at the week's end, and whether the targets
    decided in the week were met (`decided_in`, with the holds of its incident)."""

    clock: tuple  # the clock's version: a named row of COUNTED_CLOCK_FIELDS
    week_breaches: int
    thresholds: tuple[float, float]
    outcome: dict


def clocks_as_of(weeks: list[Week]) -> Iterator[tuple[Week, list[CountedClock]]]:
    """Week by week, oldest first: the week and the clocks its figures count (started, responded or stopped in the
    week, or breached in it), each as it stood at the week's end, ordered by clock.

    The clocks touched in each week are found in SQL for all the weeks at once; then, a week at a time (so that only
    one week's clocks are held), the versions of its touched and breached clocks that stood at its end are picked in
    the database and read with the holds of their incidents and their agreements' threshold history (a query each)."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    history = SlaClock.history.model.objects
    # An instant is recorded when it happens, never ahead: the row that records one in the span was written in
    # the span, so the history date's index finds the touched clocks without reading the whole history.
    touched = _touched_per_week(history.filter(history_date__gte=start, history_date__lt=end), index)
    breached = SlaEvent.objects.filter(raised_at__gte=start, raised_at__lt=end, kind=SlaEvent.Kind.BREACH)
    raised: dict[Week, Counter] = {week: Counter() for week in weeks}  # per week, breaches raised per clock
    for clock_id, raised_at in breached.values_list("clock_id", "raised_at").iterator(chunk_size=CHUNK):
        raised[index.of(raised_at)][clock_id] += 1
    for week in weeks:
        # Named by id: as a subquery (or two joined by OR), PostgreSQL read the whole clock history to find them.
        rows = (
            versions_standing_at(history, touched.pop(week) | raised[week].keys(), week.end)
            .annotate(
                calendar_json=Cast("calendar_snapshot", TextField()),
                party_slug=F("party__slug"),
                party_name=F("party__name"),
            )
            .order_by("id")
            .values_list("history_type", *COUNTED_CLOCK_FIELDS, named=True)
        )
        versions = [version for version in rows.iterator(chunk_size=CHUNK) if version.history_type != "-"]
        yield week, _counted(versions, week, raised.pop(week))


def clocks_of_week(week: Week) -> list[CountedClock]:
    """The clocks one week's figures count, as `clocks_as_of` reads them."""
    ((_week, clocks),) = clocks_as_of([week])
    return clocks


# What the figures read of a counted clock's version (its history row's seals and reasons are not read): a row, not a
# model instance, at half the cost, with its party's slug and name and its calendar snapshot as JSON text (the
# snapshots of a week's clocks are a few calendars: each text is decoded once, `engine_for_json`).
COUNTED_CLOCK_FIELDS = (
    "id",
    "incident_id",
    "scope",
    "agreement_id",
    "agreement_reference",
    "response_minutes",
    "resolution_minutes",
    "calendar_json",
    "started_at",
    "responded_at",
    "stopped_at",
    "stop_reason",
    "party_slug",
    "party_name",
)


def _counted(versions: list, week: Week, breaches: Counter) -> list[CountedClock]:
    """The week's counted clocks from their versions at its end, with their incidents' holds and their agreements'
    thresholds at the week's end (one query each)."""
    holds: dict[int, list] = {}
    spans = HoldPeriod.objects.filter(incident__id__any_of={version.incident_id for version in versions})
    for hold in spans.values_list("incident_id", "started_at", "ended_at", named=True):
        holds.setdefault(hold.incident_id, []).append(hold)
    thresholds: dict[int, list] = {}
    written = ComplianceThreshold.history.model.objects.filter(
        agreement_id__in={version.agreement_id for version in versions}, history_date__lt=week.end
    ).order_by("history_date", "history_id")
    for row in written.values_list(
        "agreement_id", "history_date", "history_type", "green_from_percent", "amber_from_percent"
    ):
        thresholds.setdefault(row[0], []).append(row[1:])
    return [
        CountedClock(
            version,
            breaches[version.id],
            _thresholds_at(thresholds.get(version.agreement_id, []), week),
            decided_in(version, week, holds.get(version.incident_id, [])),
        )
        for version in versions
    ]


def _touched_per_week(recorded, index: WeekIndex) -> dict[Week, set[int]]:
    """Per week, the clocks that started, responded or stopped in it, from their history rows written in the span
    (an instant is first recorded in its own week): the distinct (clock, Monday) pairs of the instants in the span,
    one SELECT per instant joined by UNION, each instant's Monday worked out in SQL."""
    start, end = index.weeks[0].start, index.end
    recorded = recorded.order_by()
    pairs = [
        recorded.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        .annotate(monday=index.truncated(field))
        .values_list("id", "monday")
        for field in ("started_at", "responded_at", "stopped_at")
    ]
    touched: dict[Week, set[int]] = {week: set() for week in index.weeks}
    for clock_id, monday in pairs[0].union(*pairs[1:]):
        touched[index.by_monday[monday]].add(clock_id)
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
