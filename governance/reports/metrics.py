"""The metrics of a week (DESIGN §4 "Weekly trend report"), computed for several consecutive weeks at once.

Every record is read as it stood at the week's end: an incident from its history (as_of.py), a clock from
its row of the week (clock_figures.py); recomputing a past week gives the same figures whatever happened since.
The number of queries does not grow with the data: a few for the weeks computed together, and a few per week
(the versions standing at its end). Definitions (all instants in [week start, week end)), grouped by each
incident's priority and component at the week's end:

- opened: incidents reported in the week; resolved: incidents with a resolution in the week
  (counted once; its last resolution in the week counts for the time to resolve);
- backlog: incidents reported before the week's end whose status then was open (new, assigned,
  in progress, on hold, reopened);
- mean time to acknowledge: over clocks acknowledged in the week, real time from clock start to
  the acknowledgement; mean time to resolve: over incidents resolved in the week, real time from
  filing to resolution (both in minutes);
- SLA met % (response / resolution): of the chain SLA clocks whose response (resolution) was
  decided in the week, the share whose business time from start to that moment, holds excluded,
  was within the target (worked out from the clock when it was written, incidents/clock_weeks.py);
- breaches: breach events raised in the week; reopenings: moves to "reopened" in the week;
- per party: the clocks of that party (its SLA or its underpinning contract) instead of incidents
  (clock_figures.py).
"""

from bisect import bisect_left
from statistics import median

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, Least

from changes.models import Approval, ChangeRequest, ChangeStatus, ChangeType, Decision
from core.weeks import Week, WeekIndex, span
from incidents.models import OPEN_STATUSES, Incident
from parties.models import Component, Priority, Service

from .as_of import CHUNK, maybe_open_during, resolutions_in, versions_standing_at
from .clock_figures import SlaClockOfWeek, WeekClocks, clocks_of_week
from .sums import add, mean, minutes, percent

INCIDENT_GROUPS = {"priority": "priority", "component": "component__slug"}


class IncidentFigures:
    """The incident figures of consecutive weeks in total, per priority, per component and per service ({None: …,
    "priority": …, "component": …, "service": …}). Every incident and clock is read as it stood at the week's end
    (an incident's history, a clock's row of the week), each counted in its incident's priority and component
    then, so recomputing a past week gives the same row.

    What the weeks share is read once for all of them (the resolutions, reopenings and the incidents each may count,
    as ids); the incidents' versions at a week's end are read a week at a time (`of_week`, with the week's clocks
    from `clocks_as_of`), so that only one week's records are held."""

    def __init__(self, weeks: list[Week]):
        self.resolutions = resolutions_in(weeks)
        self.reopenings = _reopenings(weeks)
        self.counted = _incidents_counted(weeks, self.resolutions)
        self.groups = (
            {group: _incident_groups(group) for group in INCIDENT_GROUPS},
            # Per service, through the component's service (one query): a row for every service, zeros included.
            dict(Component.objects.order_by().values_list("slug", "service__slug")),
            list(Service.objects.order_by().values_list("slug", flat=True)),
        )

    def of_week(self, week: Week, clocks: WeekClocks) -> dict:
        """One week's rows, from what it counts of the clocks; each week is read once (what it counts is let go)."""
        resolutions = self.resolutions.pop(week)
        incidents = _incidents_as_of(week, self.counted.pop(week), clocks.sla)
        return _incident_week(week, incidents, resolutions, clocks.sla, self.reopenings.pop(week), self.groups)


def _incidents_counted(weeks: list[Week], resolutions: dict) -> dict[Week, set[int]]:
    """Per week, the ids of the incidents it counts besides those of its chain SLA clocks: reported in the week,
    possibly open at its end or resolved in it. Possibly open, from today's row: reported before the week's end
    and not last resolved or closed before it (`maybe_open_during`), in Mondays worked out in SQL: reported in
    or before the week, last resolved or closed in a week after it."""
    start, end = span(weeks)
    mondays = [week.monday for week in weeks]
    counted: dict[Week, set[int]] = {week: set(resolutions[week]) for week in weeks}
    # Read first: the span expression names the incident table, which a subquery would alias.
    ended = Least(Coalesce("resolved_at", "closed_at"), Coalesce("closed_at", "resolved_at"))
    today = (
        Incident.objects.filter(
            Q(reported_at__gte=start, reported_at__lt=end) | maybe_open_during(weeks[0].end, weeks[-1].end)
        )
        .order_by()
        .values_list("id", WeekIndex.truncated("reported_at"), WeekIndex.truncated(ended))
    )
    for incident_id, reported, last in today.iterator(chunk_size=CHUNK):
        first = bisect_left(mondays, reported)
        if first < len(weeks) and mondays[first] == reported:
            counted[weeks[first]].add(incident_id)
        for week in weeks[first : len(weeks) if last is None else bisect_left(mondays, last)]:
            counted[week].add(incident_id)
    return counted


def _incidents_as_of(week: Week, counted: set[int], sla_clocks: list[SlaClockOfWeek]) -> dict:
    """The incidents a week counts as they stood at its end (by id): those `counted` and those with a chain SLA
    clock it counts, with whether they were reported in the week and before its end. The version that stood at the
    week's end is picked in the database."""
    counted = counted | {clock.incident_id for clock in sla_clocks}
    versions = versions_standing_at(Incident.history.model.objects, counted, week.end).values(
        "id",
        "history_type",
        "status",
        "priority",
        "component__slug",
        opened=ExpressionWrapper(Q(reported_at__gte=week.start, reported_at__lt=week.end), BooleanField()),
        reported=ExpressionWrapper(Q(reported_at__lt=week.end), BooleanField()),
    )
    found = {}
    for version in versions.iterator(chunk_size=CHUNK):
        if version.pop("history_type") != "-":
            found[version["id"]] = version
    return found


def _incident_week(week: Week, incidents: dict, resolutions: dict, sla_clocks: list, reopenings: list, groups: tuple):
    seeds, service_of, services = groups
    rows: dict = {None: {"total": {}}, "priority": {}, "component": {}}
    for group, values in seeds.items():
        for key_value in values:
            rows[group].setdefault(key_value, {})
    rows["service"] = {slug: {} for slug in services}
    # Summed per (priority, component) first, then each of these few dozen cells into the rows it counts in (the
    # total, its priority, its component, its service), instead of every incident and clock into each of them.
    cells: dict[tuple, dict] = {}
    for incident, values in counted_values(week, incidents, resolutions, sla_clocks):
        add(cells.setdefault((incident["priority"], incident["component__slug"]), {}), values)
    for moved in reopenings:
        cell = cells.setdefault((moved["priority"], moved["component__slug"]), {})
        cell["reopenings"] = cell.get("reopenings", 0) + 1
    for (priority, component), values in cells.items():
        for group, key_value in _groups_of({"priority": priority, "component__slug": component}, service_of):
            add(rows[group].setdefault(key_value, {}), values)
    return {
        group: {key_value: _finish_incident_row(values) for key_value, values in found.items()}
        for group, found in rows.items()
    }


def counted_values(week: Week, incidents: dict, resolutions: dict, sla_clocks: list[SlaClockOfWeek]):
    """What each incident adds to the week's figures, as (incident at the week's end, values): once for the
    incident itself (opened, backlog, resolved) and once per chain SLA clock of it the week counts."""
    for incident in incidents.values():
        values = {
            "opened": int(incident["opened"]),
            "backlog": int(incident["reported"] and incident["status"] in OPEN_STATUSES),
        }
        if (took := resolutions.get(incident["id"])) is not None:
            values.update(resolved=1, resolve_total=took)
        yield incident, values
    for counted in sla_clocks:
        incident = incidents.get(counted.incident_id)
        if incident is None:
            continue
        values = {"breaches": counted.week_breaches}
        if counted.response_met is not None:
            values.update(
                responses=1,
                responses_breached=int(not counted.response_met),
                acknowledge_total=counted.acknowledged_after,
            )
        if counted.resolution_met is not None:
            values.update(resolutions=1, resolutions_breached=int(not counted.resolution_met))
        yield incident, values


# Per figure of an incident row, the value an incident adds to it when the figure counts that incident.
COUNTED_BY = {
    "opened": "opened",
    "resolved": "resolved",
    "backlog": "backlog",
    "mean_time_to_acknowledge": "responses",
    "mean_time_to_resolve": "resolved",
    "sla_response_met_percent": "responses",
    "sla_resolution_met_percent": "resolutions",
    "breaches": "breaches",
}


def counted_incident_ids(week: Week, figure: str, group: str | None = None, key: str | None = None) -> set[int]:
    """The incidents one figure of the week counts (`figure` a key of COUNTED_BY or "reopenings"), in the total
    (group None) or in the row of one priority, component or service: computed as `IncidentFigures` computes
    the figure, from the same history, so the two cannot disagree."""
    service_of = dict(Component.objects.order_by().values_list("slug", "service__slug"))
    row = (None, "total") if group is None else (group, key)
    if figure == "reopenings":
        moves = _reopenings([week])[week]
        return {move["id"] for move in moves if row in _groups_of(move, service_of)}
    counted_by = COUNTED_BY[figure]
    resolutions = resolutions_in([week])
    sla_clocks = []
    if counted_by in ("responses", "resolutions", "breaches"):
        sla_clocks = clocks_of_week(week).sla
    incidents = _incidents_as_of(week, _incidents_counted([week], resolutions)[week], sla_clocks)
    return {
        incident["id"]
        for incident, values in counted_values(week, incidents, resolutions[week], sla_clocks)
        if values.get(counted_by) and row in _groups_of(incident, service_of)
    }


def _groups_of(incident: dict, service_of: dict) -> list[tuple]:
    """The (group, key) rows an incident counts in: the total, its priority, its component and its service."""
    groups = [(None, "total"), ("priority", incident["priority"]), ("component", incident["component__slug"])]
    if service := service_of.get(incident["component__slug"]):
        groups.append(("service", service))
    return groups


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


def _reopenings(weeks: list[Week]) -> dict[Week, list]:
    """Per week, the moves to "reopened" within it: history rows whose previous row (of the same incident) had
    another status. The previous status is read per row (a window over the history would see only the rows
    the weeks' filter leaves, as Django filters before it computes the window)."""
    history = Incident.history.model.objects
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    previous_status = (
        history.filter(earlier, id=OuterRef("id")).order_by("-history_date", "-history_id").values("status")[:1]
    )
    start, end = span(weeks)
    moves = (
        history.filter(history_date__gte=start, history_date__lt=end, status="reopened")
        .annotate(previous=Subquery(previous_status))
        .exclude(previous="reopened")
    )
    index = WeekIndex(weeks)
    found: dict[Week, list] = {week: [] for week in weeks}
    for move in moves.values("id", "priority", "component__slug", "history_date").iterator(chunk_size=CHUNK):
        found[index.of(move["history_date"])].append(move)
    return found


def _finish_incident_row(values: dict) -> dict:
    responses, resolutions = values.get("responses", 0), values.get("resolutions", 0)
    return {
        "opened": values.get("opened", 0),
        "resolved": values.get("resolved", 0),
        "backlog": values.get("backlog", 0),
        "mean_time_to_acknowledge": minutes(mean(values.get("acknowledge_total"), responses)),
        "mean_time_to_resolve": minutes(mean(values.get("resolve_total"), values.get("resolved", 0))),
        "sla_response_met_percent": percent(responses - values.get("responses_breached", 0), responses),
        "sla_resolution_met_percent": percent(resolutions - values.get("resolutions_breached", 0), resolutions),
        "sla_responses_decided": responses,
        "sla_resolutions_decided": resolutions,
        "breaches": values.get("breaches", 0),
        "reopenings": values.get("reopenings", 0),
    }


def change_metrics(weeks: list[Week]) -> dict[Week, dict]:
    """Per week, the changes in it, grouped by week in the database: moves read from the change history, so a
    later move does not hide one."""
    start, end = span(weeks)
    index = WeekIndex(weeks)
    figures = {week: dict.fromkeys(("submitted", "emergency", "approved", "rejected", *MOVES), 0) for week in weeks}

    def count(rows, field: str, **counts) -> None:
        rows = rows.filter(**{f"{field}__gte": start, f"{field}__lt": end}).order_by()
        for row in rows.annotate(week=index.truncated(field)).values("week").annotate(**counts):
            figures[index.of(row.pop("week"))].update(row)

    changes = ChangeRequest.objects.all()
    count(
        changes,
        "submitted_at",
        submitted=Count("pk"),
        emergency=Count("pk", filter=Q(change_type=ChangeType.EMERGENCY)),
    )
    count(changes, "approved_at", approved=Count("pk"))
    count(Approval.objects.filter(decision=Decision.REJECTED), "decided_at", rejected=Count("change_id", distinct=True))
    history = ChangeRequest.history.model.objects
    for status, name in MOVES.items():
        count(history.filter(status=status), "history_date", **{name: Count("id", distinct=True)})
    lead_times: dict[Week, list] = {week: [] for week in weeks}
    ended = changes.filter(actual_end__gte=start, actual_end__lt=end, submitted_at__isnull=False)
    for submitted_at, actual_end in ended.values_list("submitted_at", "actual_end"):
        lead_times[index.of(actual_end)].append(actual_end - submitted_at)
    return {week: _finish_change_row(figures[week], lead_times[week]) for week in weeks}


MOVES = {ChangeStatus.COMPLETED: "completed", ChangeStatus.FAILED: "failed"}


def _finish_change_row(counts: dict, lead_times: list) -> dict:
    implemented = counts["completed"] + counts["failed"]
    return {
        "submitted": counts["submitted"],
        "emergency": counts["emergency"],
        "approved": counts["approved"],
        "rejected": counts["rejected"],
        "completed": counts["completed"],
        "failed": counts["failed"],
        "emergency_share_percent": percent(counts["emergency"], counts["submitted"]),
        "change_failure_rate_percent": percent(counts["failed"], implemented),
        "median_lead_time_hours": round(median(lead_times).total_seconds() / 3600, 1) if lead_times else None,
    }
