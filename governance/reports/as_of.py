"""The records as they stood at an instant, read from their history: a week's figures "as of its end" must
not change when the records change later (a reopening, a new priority, a retargeted clock).

The version of an incident that stood at a week's end is picked in the database (`versions_standing_at`): a
query per week for the incidents it counts. A clock's is kept as it is written, as its row of the week
(`ClockWeek`, incidents/clock_weeks.py)."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import BooleanField, DurationField, ExpressionWrapper, F, Max, Q, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from core.weeks import Week, WeekIndex, span
from incidents.clock_weeks import FIGURES
from incidents.models import ClockWeek, Incident, SlaClock, SlaEvent
from parties.models import ComplianceThreshold

from .thresholds import DEFAULT

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


def resolutions_in(weeks: list[Week]) -> dict[Week, dict[int, timedelta]]:
    """Per week, per incident resolved in it (as recorded before its end), the real time from its filing to its
    last resolution in the week: grouped in SQL by incident and the Monday of the resolution, over the history rows
    written by the end of the resolution's week (written in a week no later than it)."""
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
        .annotate(took=Max(ExpressionWrapper(F("resolved_at") - F("reported_at"), output_field=DurationField())))
    )
    for row in rows.iterator(chunk_size=CHUNK):
        found[index.by_monday[row["monday"]]][row["id"]] = row["took"]
    return found


@dataclass(frozen=True, slots=True)
class CountedClock:
    """A clock a week's figures count: what its row of the week says (`ClockWeek`: started in the week, targets
    decided in it and whether they were met; nothing for a clock only breached in the week), with its incident,
    scope, agreement and party (which never change), its breaches raised in the week and its agreement's
    compliance thresholds (green from, amber from) at the week's end."""

    id: int
    incident_id: int
    scope: str
    agreement_id: int
    agreement_reference: str
    party_slug: str
    party_name: str
    received: bool
    response_met: bool | None
    acknowledged_after: timedelta | None
    resolution_met: bool | None
    week_breaches: int
    thresholds: tuple[float, float]


def clocks_as_of(weeks: list[Week]) -> Iterator[tuple[Week, list[CountedClock]]]:
    """Week by week, oldest first: the week and the clocks its figures count (started in the week or a target of
    them decided in it, as their rows of the week say; or breached in it), ordered by clock.

    The breaches of all the weeks are read at once; then, a week at a time, its clocks' rows and its breached
    clocks without a row (a query each), and their agreements' threshold history."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    breached = SlaEvent.objects.filter(raised_at__gte=start, raised_at__lt=end, kind=SlaEvent.Kind.BREACH)
    raised: dict[Week, Counter] = {week: Counter() for week in weeks}  # per week, breaches raised per clock
    for clock_id, raised_at in breached.values_list("clock_id", "raised_at").iterator(chunk_size=CHUNK):
        raised[index.of(raised_at)][clock_id] += 1
    for week in weeks:
        breaches = raised.pop(week)
        rows = ClockWeek.objects.filter(week=week.monday).values_list(
            *(f"clock__{field}" for field in CLOCK_FIELDS), *FIGURES
        )
        found = {row[0]: row for row in rows.iterator(chunk_size=CHUNK)}
        only_breached = SlaClock.objects.filter(id__any_of=breaches.keys() - found.keys()).values_list(*CLOCK_FIELDS)
        for row in only_breached:
            found[row[0]] = (*row, False, None, None, None)
        thresholds = _thresholds_of_week({row[3] for row in found.values()}, week)
        yield (
            week,
            [
                CountedClock(*row, breaches[clock_id], thresholds.get(row[3], DEFAULT))
                for clock_id, row in sorted(found.items())
            ],
        )


def clocks_of_week(week: Week) -> list[CountedClock]:
    """The clocks one week's figures count, as `clocks_as_of` reads them."""
    ((_week, clocks),) = clocks_as_of([week])
    return clocks


# What the figures read of a counted clock, in CountedClock's order (its row's figures follow).
CLOCK_FIELDS = ("id", "incident_id", "scope", "agreement_id", "agreement_reference", "party__slug", "party__name")


def _thresholds_of_week(agreements: set[int], week: Week) -> dict[int, tuple[float, float]]:
    """Per agreement, its compliance thresholds as they stood at the week's end (one query)."""
    written: dict[int, list] = {}
    rows = ComplianceThreshold.history.model.objects.filter(
        agreement_id__in=agreements, history_date__lt=week.end
    ).order_by("history_date", "history_id")
    fields = ("agreement_id", "history_date", "history_type", "green_from_percent", "amber_from_percent")
    for row in rows.values_list(*fields):
        written.setdefault(row[0], []).append(row[1:])
    return {agreement: _thresholds_at(history, week) for agreement, history in written.items()}


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
