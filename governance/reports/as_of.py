"""The records as they stood at an instant, read from their history: a week's figures "as of its end" must
not change when the records change later (a reopening, a new priority, a retargeted clock).

The version of an incident that stood at a week's end is picked in the database (`versions_standing_at`): a
query per week for the incidents it counts. A clock's is kept as it is written, as its row of the week
(`incidents.ClockWeek`, read by clock_figures.py)."""

from datetime import timedelta

from django.db import connection
from django.db.models import BooleanField, DurationField, ExpressionWrapper, F, Max, Q, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from core.weeks import Week, WeekIndex, span
from incidents.models import Incident

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
