"""The records as they stood at an instant, read from their history: a week's figures "as of its end" must
not change when the records change later (a reopening, a new priority, a retargeted clock).

Several consecutive weeks are read in one pass: the history rows of the records the weeks count are streamed
once, ordered by record and time, and each record's version at each week's end is picked from them."""

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter, itemgetter
from types import SimpleNamespace

from django.db import connection
from django.db.models import BooleanField, DateTimeField, DecimalField, F, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from incidents.models import HoldPeriod, Incident, SlaClock, SlaEvent
from parties.models import ComplianceThreshold

from .outcomes import decided_in
from .thresholds import DEFAULT
from .weeks import Week, WeekIndex, span

CHUNK = 2000


def versions_at(rows, moments: list, record=itemgetter("id"), stamp=itemgetter("history_date", "history_type")):
    """Per record, from its history rows ordered by record, history date and history id: (record, all its rows,
    its version at each of `moments`, ascending), the latest row written before the moment; None when there was
    none yet or that row records its deletion."""
    for key, written in groupby(rows, key=record):
        versions, found, index = list(written), [], 0
        for moment in moments:
            while index < len(versions) and stamp(versions[index])[0] < moment:
                index += 1
            latest = versions[index - 1] if index else None
            found.append(None if latest is None or stamp(latest)[1] == "-" else latest)
        yield key, versions, found


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
    rows = (
        Incident.history.model.objects.filter(resolved_at__gte=start, resolved_at__lt=end, history_date__lt=end)
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

    clock: object
    week_breaches: int
    thresholds: tuple[float, float]
    outcome: dict


def clocks_as_of(weeks: list[Week]) -> dict[Week, list[CountedClock]]:
    """Per week: the clocks its figures count (started, responded or stopped in the week, or breached in it), each
    as it stood at the week's end, ordered by clock. Two queries: the history rows of the clocks, and what goes
    with them (`_surroundings`)."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    history = SlaClock.history.model.objects
    in_span = Q()
    for field in ("started_at", "responded_at", "stopped_at"):
        in_span |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    breached = SlaEvent.objects.filter(raised_at__gte=start, raised_at__lt=end, kind=SlaEvent.Kind.BREACH)
    chosen = history.filter(
        Q(id__in=history.filter(in_span, history_date__lt=end).values("id")) | Q(id__in=breached.values("clock_id")),
        history_date__lt=end,
    )
    holds, breaches, thresholds = _surroundings(chosen, breached, end)
    rows = chosen.select_related("party").order_by("id", "history_date", "history_id").iterator(chunk_size=CHUNK)
    found: dict[Week, list] = {week: [] for week in weeks}
    moments = [week.end for week in weeks]
    for clock_id, versions, at_ends in versions_at(rows, moments, attrgetter("id"), CLOCK_STAMP):
        touched = _weeks_touched(versions, index)
        raised = Counter(index.get(instant) for instant in breaches.get(clock_id, ()))
        for week, version in zip(weeks, at_ends, strict=True):
            if version is not None and (week in touched or raised[week]):
                limits = _thresholds_at(thresholds.get(version.agreement_id, ()), week)
                outcome = decided_in(version, week, holds.get(version.incident_id, []))
                found[week].append(CountedClock(version, raised[week], limits, outcome))
    return found


def _surroundings(chosen, breached, end) -> tuple[dict, dict, dict]:
    """For the chosen clock history rows, in one query: the holds of their incidents (per incident), the instants
    of the breaches raised in the weeks (per clock) and the compliance threshold history written before `end`
    (per agreement, in order)."""
    nothing = {"ends": DateTimeField(), "green": DecimalField(max_digits=4, decimal_places=1)}
    nothing["amber"] = nothing["green"]

    def shaped(rows, source: str, key: str, at: str, order: str, **values):
        # Typed: a column that is NULL in the first two parts would otherwise be read as text.
        columns = {name: Cast(Value(None), field) for name, field in nothing.items()} | {"written": Value("")}
        columns |= values
        return rows.order_by().values(
            part=Value(source), owner=F(key), at=F(at), rank=F(order), **{name: columns[name] for name in SHAPE}
        )

    parts = [
        shaped(
            HoldPeriod.objects.filter(incident_id__in=chosen.values("incident_id")),
            "hold",
            "incident_id",
            "started_at",
            "pk",
            ends=F("ended_at"),
        ),
        shaped(breached, "breach", "clock_id", "raised_at", "pk"),
        shaped(
            ComplianceThreshold.history.model.objects.filter(history_date__lt=end),
            "threshold",
            "agreement_id",
            "history_date",
            "history_id",
            written=F("history_type"),
            green=F("green_from_percent"),
            amber=F("amber_from_percent"),
        ),
    ]
    holds, breaches, thresholds = {}, {}, {}
    for row in parts[0].union(*parts[1:], all=True).order_by("part", "owner", "at", "rank"):
        if row["part"] == "hold":
            holds.setdefault(row["owner"], []).append(SimpleNamespace(started_at=row["at"], ended_at=row["ends"]))
        elif row["part"] == "breach":
            breaches.setdefault(row["owner"], []).append(row["at"])
        else:
            thresholds.setdefault(row["owner"], []).append(row)
    return holds, breaches, thresholds


SHAPE = ("ends", "written", "green", "amber")


CLOCK_STAMP = attrgetter("history_date", "history_type")


def _weeks_touched(versions: list, index: WeekIndex) -> set[Week]:
    """The weeks in which a clock started, responded or stopped, as recorded before the week's end."""
    touched = set()
    for row in versions:
        for instant in (row.started_at, row.responded_at, row.stopped_at):
            week = index.get(instant)
            if week is not None and row.history_date < week.end:
                touched.add(week)
    return touched


def _thresholds_at(written: list, week: Week) -> tuple[float, float]:
    """An agreement's compliance thresholds (green from, amber from) as they stood at the week's end, from its
    threshold history rows in order; none or removed: the defaults."""
    latest = None
    for row in written:
        if row["at"] >= week.end:
            break
        latest = row
    if latest is None or latest["written"] == "-":
        return DEFAULT
    return float(latest["green"]), float(latest["amber"])
