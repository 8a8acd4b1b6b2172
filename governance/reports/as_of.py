"""The records as they stood at an instant, read from their history: a week's figures "as of its end" must
not change when the records change later (a reopening, a new priority, a retargeted clock)."""

import json
from datetime import UTC
from types import SimpleNamespace

from django.db import connection
from django.db.models import BooleanField, Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from incidents.models import Incident, SlaClock, SlaEvent

from .thresholds import threshold_annotations
from .weeks import Week


def _in(field: str, week: Week) -> Q:
    return Q(**{f"{field}__gte": week.start, f"{field}__lt": week.end})


def latest_before(model, moment):
    """The history rows of `model` that were each record's latest version written before `moment` (a record
    deleted by then has none)."""
    history = model.history.model.objects
    later = history.filter(id=OuterRef("id"), history_date__lt=moment).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return history.filter(history_date__lt=moment).exclude(Exists(later)).exclude(history_type="-")


# The span from filing to the last resolution or closure, as today's row has it (open: unbounded), as the GiST
# index incidents_incident_open_span_gist stores it (migration incidents 0004).
OPEN_SPAN_SQL = (
    'tstzrange("incidents_incident"."reported_at", CASE WHEN LEAST("incidents_incident"."resolved_at", '
    '"incidents_incident"."closed_at") < "incidents_incident"."reported_at" THEN "incidents_incident"."reported_at" '
    'ELSE LEAST("incidents_incident"."resolved_at", "incidents_incident"."closed_at") END, \'[]\')'
)


def maybe_open_at(moment) -> Q:
    """Incidents that may have been open at `moment`, read from today's rows: reported before it and not last
    resolved or closed before it. A superset (an incident resolved before the moment and reopened after it
    has today's span over it); the history decides."""
    if connection.vendor == "postgresql":
        contains = RawSQL(f"{OPEN_SPAN_SQL} @> %s::timestamptz", (moment,), output_field=BooleanField())  # noqa: S611
        return Q(contains) & Q(reported_at__lt=moment)
    return (
        Q(reported_at__lt=moment)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=moment))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=moment))
    )


def resolutions_in(week: Week) -> dict[int, object]:
    """Per incident resolved in the week (as recorded before its end), the instant of its last resolution."""
    rows = (
        Incident.history.model.objects.filter(_in("resolved_at", week), history_date__lt=week.end)
        .order_by()
        .values("id")
        .annotate(last=Max("resolved_at"))
    )
    return {row["id"]: row["last"] for row in rows}


def clocks_as_of(week: Week) -> tuple[list, dict]:
    """The clocks a week's figures count, each as it stood at the week's end (started, responded or stopped in
    the week, or breached in it), with their party and their breaches raised in the week (`week_breaches`),
    their agreement's compliance thresholds at the week's end, and the holds of their incidents: one query."""
    history = SlaClock.history.model.objects
    touched = history.filter(_in("started_at", week) | _in("responded_at", week) | _in("stopped_at", week))
    breached = SlaEvent.objects.filter(_in("raised_at", week), kind=SlaEvent.Kind.BREACH).values("clock_id")
    chosen = Q(id__in=touched.filter(history_date__lt=week.end).values("id")) | Q(id__in=breached)
    clocks = latest_before(SlaClock, week.end).filter(chosen).annotate(holds=HoldsOfIncident())
    week_breaches = (
        SlaEvent.objects.filter(_in("raised_at", week), kind=SlaEvent.Kind.BREACH, clock_id=OuterRef("id"))
        .order_by()
        .values("clock_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    clocks = clocks.annotate(week_breaches=Coalesce(Subquery(week_breaches, output_field=IntegerField()), 0))
    clocks = clocks.annotate(**threshold_annotations(week.end))
    clocks = list(clocks.select_related("party").order_by("id"))
    holds = {clock.incident_id: [_hold(*pair) for pair in _parsed(clock.holds)] for clock in clocks}
    return clocks, holds


# The (start, end) of every hold of a clock's incident, as a JSON array read with the clock.
HOLDS_SQL = {
    "postgresql": "(SELECT json_agg(json_build_array(started_at, ended_at))::text FROM incidents_holdperiod "
    'WHERE incidents_holdperiod.incident_id = "incidents_historicalslaclock"."incident_id")',
    "sqlite": "(SELECT json_group_array(json_array(started_at, ended_at)) FROM incidents_holdperiod "
    'WHERE incidents_holdperiod.incident_id = "incidents_historicalslaclock"."incident_id")',
}


def HoldsOfIncident() -> RawSQL:
    return RawSQL(HOLDS_SQL[connection.vendor], (), output_field=TextField())  # noqa: S611 - constant SQL


def _parsed(value) -> list:
    return json.loads(value) if value else []


def _instant(text):
    if text is None:
        return None
    moment = parse_datetime(text)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def _hold(started_at, ended_at) -> SimpleNamespace:
    return SimpleNamespace(started_at=_instant(started_at), ended_at=_instant(ended_at))
