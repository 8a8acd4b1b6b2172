"""The metrics of one week, computed in the database (DESIGN §4 "Weekly trend report").

Every figure is an aggregate with a filter over indexed columns; the number of queries is fixed,
whatever the number of incidents. Definitions (all instants in [week start, week end)):

- opened: incidents reported in the week; resolved: incidents whose resolution falls in the week;
- backlog: incidents reported before the week's end and neither resolved nor closed by then;
- mean time to acknowledge: over clocks acknowledged in the week, real time from clock start to
  the acknowledgement; mean time to resolve: over incidents resolved in the week, real time from
  filing to resolution (both in minutes);
- SLA met % (response / resolution): of the chain SLA clocks whose response (resolution) was
  decided in the week, the share whose business time from start to that moment, holds excluded,
  was within the target (read from the clock, see outcomes.py);
- breaches: breach events raised in the week; reopenings: moves to "reopened" in the week;
- per party: the clocks of that party (its SLA or its underpinning contract) instead of incidents.
"""

from datetime import timedelta
from statistics import median

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from changes.models import ChangeRequest, ChangeStatus, ChangeType, Decision
from incidents.models import Incident, SlaClock, SlaEvent
from parties.models import Component, Priority

from .outcomes import missed_counts
from .weeks import Week

INCIDENT_GROUPS = {"priority": "priority", "component": "component__slug"}


def _in(field: str, week: Week) -> Q:
    return Q(**{f"{field}__gte": week.start, f"{field}__lt": week.end})


def _minutes(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 60, 1)
    return round(value / 60_000_000, 1)  # SQLite returns microseconds


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def incident_metrics(week: Week, group: str | None = None) -> dict:
    """Incident figures for the week, in total (group None) or per priority / component."""
    return incident_metrics_by_group(week)[group]


def incident_metrics_by_group(week: Week) -> dict:
    """`incident_metrics` in total, per priority and per component at once ({None: …, "priority": …,
    "component": …}): each source is read once, grouped by priority and component, and added up three ways
    (the figures are counts and sums of durations, so the groups combine exactly)."""
    keys = INCIDENT_GROUPS.values()
    incidents = Incident.objects.all()
    open_at_end = (
        Q(reported_at__lt=week.end)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=week.end))
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=week.end))
    )
    to_resolve = ExpressionWrapper(F("resolved_at") - F("reported_at"), output_field=DurationField())
    incident_figures = {
        "opened": Count("pk", filter=_in("reported_at", week)),
        "resolved": Count("pk", filter=_in("resolved_at", week)),
        "backlog": Count("pk", filter=open_at_end),
        "resolve_total": Sum(to_resolve, filter=_in("resolved_at", week)),
    }
    # Only the clocks whose response or resolution falls in the week count: read those, not all.
    decided = _in("responded_at", week) | _in("stopped_at", week)
    sla_clocks = SlaClock.objects.filter(decided, scope=SlaClock.Scope.SLA)
    to_acknowledge = ExpressionWrapper(F("responded_at") - F("started_at"), output_field=DurationField())
    resolved_in_week = _in("stopped_at", week) & Q(stop_reason=SlaClock.StopReason.RESOLVED)
    clock_figures = {
        "responses": Count("pk", filter=_in("responded_at", week)),
        "resolutions": Count("pk", filter=resolved_in_week),
        "acknowledge_total": Sum(to_acknowledge, filter=_in("responded_at", week)),
    }
    events = SlaEvent.objects.filter(kind=SlaEvent.Kind.BREACH, clock__scope=SlaClock.Scope.SLA)
    event_figures = {"breaches": Count("pk", filter=_in("raised_at", week))}

    rows: dict = {None: {"total": {}}, "priority": {}, "component": {}}
    if connection.vendor == "postgresql":
        # Read only the incidents a figure counts (reported or resolved in the week, or open at its
        # end: the span index, migration incidents 0004), and list every group that has incidents so
        # the groups without any in the week still get their row of zeros.
        incidents = incidents.filter(
            _in("reported_at", week) | _in("resolved_at", week) | _open_span_contains(week.end)
        )
        for group in ("priority", "component"):
            for key_value in _incident_groups(group):
                rows[group].setdefault(key_value, {})
    for source, figures, prefix in (
        (incidents, incident_figures, ""),
        (sla_clocks, clock_figures, "incident__"),
        (events.filter(_in("raised_at", week)), event_figures, "clock__incident__"),
    ):
        fields = [prefix + key for key in keys]
        for row in source.order_by().values(*fields).annotate(**figures):
            values = {name: row[name] for name in figures}
            _add(rows[None]["total"], values)
            for group, field in zip(INCIDENT_GROUPS, fields, strict=True):
                _add(rows[group].setdefault(row[field], {}), values)
    missed = missed_counts(
        sla_clocks.annotate(group_priority=F("incident__priority"), group_component=F("incident__component__slug")),
        week,
        key=lambda clock: (clock.group_priority, clock.group_component),
    )
    for (priority, component), values in missed.items():
        for group, key_value in ((None, "total"), ("priority", priority), ("component", component)):
            _add(rows[group].setdefault(key_value, {}), values)
    for moved in _reopenings(week):
        for group, key_value in (
            (None, "total"),
            ("priority", moved["priority"]),
            ("component", moved["component__slug"]),
        ):
            found = rows[group].setdefault(key_value, {})
            found["reopenings"] = found.get("reopenings", 0) + 1
    return {
        group: {key_value: _finish_incident_row(values) for key_value, values in found.items()}
        for group, found in rows.items()
    }


def _add(total: dict, values: dict) -> None:
    """Add one group's counts and duration sums to a running total (None: nothing to add)."""
    for name, value in values.items():
        if value is None:
            total.setdefault(name, None)
        elif total.get(name) is None:
            total[name] = value
        else:
            total[name] += value


# The span from filing to resolution or closure (whichever came first; open: unbounded), as the
# GiST index incidents_incident_open_span_gist stores it. A superset of "open at that instant".
OPEN_SPAN_SQL = (
    'tstzrange("incidents_incident"."reported_at", CASE WHEN LEAST("incidents_incident"."resolved_at", '
    '"incidents_incident"."closed_at") < "incidents_incident"."reported_at" THEN "incidents_incident"."reported_at" '
    'ELSE LEAST("incidents_incident"."resolved_at", "incidents_incident"."closed_at") END, \'[]\')'
)


def _open_span_contains(moment) -> RawSQL:
    # A constant expression; the moment is a query parameter.
    return RawSQL(f"{OPEN_SPAN_SQL} @> %s::timestamptz", (moment,), output_field=BooleanField())  # noqa: S611


def _incident_groups(group: str | None) -> list[str]:
    """The groups (priorities, components) that have any incident at all: a probe per group value."""
    if group is None:
        return ["total"]
    if group == "priority":
        return [value for value in Priority.values if Incident.objects.filter(priority=value).exists()]
    return list(
        Component.objects.filter(Exists(Incident.objects.filter(component=OuterRef("pk"))))
        .order_by()
        .values_list("slug", flat=True)
    )


def _reopenings(week: Week):
    """Moves to "reopened" within the week: history rows whose previous row (of the same incident) had
    another status. The previous status is read per row (a window over the history would see only the rows
    the week's filter leaves, as Django filters before it computes the window)."""
    history = Incident.history.model.objects
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    previous_status = (
        history.filter(earlier, id=OuterRef("id")).order_by("-history_date", "-history_id").values("status")[:1]
    )
    moves = (
        history.filter(_in("history_date", week), status="reopened")
        .annotate(previous=Subquery(previous_status))
        .exclude(previous="reopened")
    )
    return moves.values("id", "priority", "component__slug")


def _mean(total, count: int):
    return total / count if total is not None and count else None


def _finish_incident_row(values: dict) -> dict:
    responses, resolutions = values.get("responses", 0), values.get("resolutions", 0)
    return {
        "opened": values.get("opened", 0),
        "resolved": values.get("resolved", 0),
        "backlog": values.get("backlog", 0),
        "mean_time_to_acknowledge": _minutes(_mean(values.get("acknowledge_total"), responses)),
        "mean_time_to_resolve": _minutes(_mean(values.get("resolve_total"), values.get("resolved", 0))),
        "sla_response_met_percent": _percent(responses - values.get("responses_breached", 0), responses),
        "sla_resolution_met_percent": _percent(resolutions - values.get("resolutions_breached", 0), resolutions),
        "sla_responses_decided": responses,
        "sla_resolutions_decided": resolutions,
        "breaches": values.get("breaches", 0),
        "reopenings": values.get("reopenings", 0),
    }


def clock_metrics(week: Week, by: str = "party") -> dict:
    """Per party (or per agreement), its own clocks: the SLA for the regie party, UCs for the others."""
    return clock_metrics_by_party_and_agreement(week)[by]


def clock_metrics_by_party_and_agreement(week: Week) -> dict:
    """`clock_metrics` per party and per agreement at once: one query grouped by party and agreement,
    added up both ways (counts and the acknowledgement time are sums, so the groups combine exactly)."""
    in_week_breaches = SlaEvent.objects.filter(_in("raised_at", week), clock=OuterRef("pk"), kind=SlaEvent.Kind.BREACH)
    # A group is reported when it received, answered, resolved or breached something in the week:
    # read only those clocks (by the indexed instants, plus the clocks breached in the week).
    # Each part by its own index, as one union: an OR over them would read every clock.
    active = (
        SlaClock.objects.filter(_in("started_at", week))
        .order_by()
        .values("pk")
        .union(
            SlaClock.objects.filter(_in("responded_at", week)).order_by().values("pk"),
            SlaClock.objects.filter(_in("stopped_at", week)).order_by().values("pk"),
            SlaEvent.objects.filter(_in("raised_at", week), kind=SlaEvent.Kind.BREACH).order_by().values("clock_id"),
        )
    )
    if connection.vendor == "postgresql":
        # The union as an array computed once, then each clock by its key: as a semi-join PostgreSQL hashes the
        # union and reads every clock ever started.
        union_sql, union_params = active.query.sql_with_params()
        chosen = RawSQL(  # noqa: S611 - Django's own SQL for the union, its values as parameters
            f'"incidents_slaclock"."id" = ANY(ARRAY({union_sql}))', union_params, output_field=BooleanField()
        )
    else:
        chosen = Q(pk__in=active)
    clocks = SlaClock.objects.filter(chosen).annotate(
        week_breaches=Coalesce(
            Subquery(
                in_week_breaches.order_by().values("clock_id").annotate(count=Count("pk")).values("count"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )
    to_acknowledge = ExpressionWrapper(F("responded_at") - F("started_at"), output_field=DurationField())
    resolved_in_week = _in("stopped_at", week) & Q(stop_reason=SlaClock.StopReason.RESOLVED)
    rows = (
        clocks.order_by()
        .values("party__slug", "party__name", "agreement_reference")
        .annotate(
            received=Count("pk", filter=_in("started_at", week)),
            responses=Count("pk", filter=_in("responded_at", week)),
            resolutions=Count("pk", filter=resolved_in_week),
            acknowledge_total=Sum(to_acknowledge, filter=_in("responded_at", week)),
            breaches=Sum("week_breaches"),
        )
    )
    sums = ("received", "responses", "responses_breached", "resolutions", "resolutions_breached", "breaches")
    missed = missed_counts(
        SlaClock.objects.filter(chosen)
        .filter(_in("responded_at", week) | _in("stopped_at", week))
        .select_related("party"),
        week,
        key=lambda clock: (clock.party.slug, clock.agreement_reference),
    )
    groups: dict[str, dict] = {"party": {}, "agreement": {}}
    for row in rows:
        row.update(missed.get((row["party__slug"], row["agreement_reference"]), {}))
        for by, key in (("party", row["party__slug"]), ("agreement", (row["agreement_reference"], row["party__name"]))):
            group = groups[by].setdefault(key, {"name": row["party__name"], "acknowledge_total": None})
            for name in sums:
                group[name] = group.get(name, 0) + (row[name] or 0)
            if (acknowledged := row["acknowledge_total"]) is not None:
                total = group["acknowledge_total"]
                group["acknowledge_total"] = acknowledged if total is None else total + acknowledged
    result: dict[str, dict] = {"party": {}, "agreement": {}}
    for by, found in groups.items():
        for key, group in found.items():
            if not (group["received"] or group["responses"] or group["resolutions"] or group["breaches"]):
                continue
            responses, resolutions = group["responses"], group["resolutions"]
            acknowledge = group["acknowledge_total"]
            result[by][key if by == "party" else key[0]] = {
                "name": group["name"],
                "received": group["received"],
                "mean_time_to_acknowledge": _minutes(acknowledge / responses) if acknowledge is not None else None,
                "sla_response_met_percent": _percent(responses - group["responses_breached"], responses),
                "sla_resolution_met_percent": _percent(resolutions - group["resolutions_breached"], resolutions),
                "sla_responses_decided": responses,
                "sla_resolutions_decided": resolutions,
                "breaches": group["breaches"],
            }
    return result


def change_metrics(week: Week) -> dict:
    """Changes in the week: moves read from the change history, so a later move does not hide one."""
    changes = ChangeRequest.objects.all()
    counts = changes.aggregate(
        submitted=Count("pk", filter=_in("submitted_at", week)),
        emergency=Count("pk", filter=_in("submitted_at", week) & Q(change_type=ChangeType.EMERGENCY)),
        approved=Count("pk", filter=_in("approved_at", week)),
    )
    history = ChangeRequest.history.model.objects.filter(_in("history_date", week))
    moved = {
        status: history.filter(status=status).values("id").distinct().count()
        for status in (ChangeStatus.COMPLETED, ChangeStatus.FAILED)
    }
    rejected = (
        changes.filter(
            approvals__decision=Decision.REJECTED,
            approvals__decided_at__gte=week.start,
            approvals__decided_at__lt=week.end,
        )
        .distinct()
        .count()
    )
    implemented = moved[ChangeStatus.COMPLETED] + moved[ChangeStatus.FAILED]
    lead_times = [
        end - start
        for start, end in changes.filter(_in("actual_end", week), submitted_at__isnull=False).values_list(
            "submitted_at", "actual_end"
        )
    ]
    return {
        "submitted": counts["submitted"],
        "approved": counts["approved"],
        "rejected": rejected,
        "completed": moved[ChangeStatus.COMPLETED],
        "failed": moved[ChangeStatus.FAILED],
        "emergency_share_percent": _percent(counts["emergency"], counts["submitted"]),
        "change_failure_rate_percent": _percent(moved[ChangeStatus.FAILED], implemented),
        "median_lead_time_hours": round(median(lead_times).total_seconds() / 3600, 1) if lead_times else None,
    }
