"""The metrics of one week (DESIGN §4 "Weekly trend report").

Every record is read as it stood at the week's end, from its history (as_of.py): recomputing a past
week gives the same figures whatever happened since. The number of queries is fixed, whatever the
number of incidents. Definitions (all instants in [week start, week end)), grouped by each
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
  was within the target (read from the clock, see outcomes.py);
- breaches: breach events raised in the week; reopenings: moves to "reopened" in the week;
- per party: the clocks of that party (its SLA or its underpinning contract) instead of incidents.
"""

from datetime import timedelta
from statistics import median

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
)

from changes.models import ChangeRequest, ChangeStatus, ChangeType, Decision
from incidents.models import OPEN_STATUSES, Incident, SlaClock
from parties.models import Component, Priority, Service

from .as_of import clocks_as_of, latest_before, maybe_open_at, resolutions_in
from .outcomes import decided_in
from .thresholds import AMBER, GREEN, strictest, thresholds_of
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
    "component": …}). Every incident and clock is read as it stood at the week's end (its history), and
    grouped by its priority and component then, so recomputing a past week gives the same row."""
    resolutions = resolutions_in(week)
    clocks, holds = clocks_as_of(week)
    clocks = [clock for clock in clocks if clock.scope == SlaClock.Scope.SLA]
    counted = (
        # Read first: the span expression names the incident table, which a subquery would alias.
        Q(
            id__in=list(
                Incident.objects.filter(_in("reported_at", week) | maybe_open_at(week.end)).values_list("pk", flat=True)
            )
        )
        | Q(id__in=list(resolutions))
        | Q(id__in=[clock.incident_id for clock in clocks])
    )
    incidents = {
        row["id"]: row
        for row in latest_before(Incident, week.end)
        .filter(counted)
        .values("id", "status", "priority", "component__slug", "reported_at")
    }
    rows: dict = {None: {"total": {}}, "priority": {}, "component": {}}
    for group in INCIDENT_GROUPS:
        for key_value in _incident_groups(group):
            rows[group].setdefault(key_value, {})
    # Per service, through the component's service (one query): a row for every service, zeros included.
    service_of = dict(Component.objects.order_by().values_list("slug", "service__slug"))
    rows["service"] = {slug: {} for slug in Service.objects.order_by().values_list("slug", flat=True)}

    def add(incident: dict, values: dict) -> None:
        for group, key_value in _groups_of(incident, service_of):
            _add(rows[group].setdefault(key_value, {}), values)

    for incident in incidents.values():
        values = {
            "opened": int(week.start <= incident["reported_at"] < week.end),
            "backlog": int(incident["reported_at"] < week.end and incident["status"] in OPEN_STATUSES),
        }
        if (resolved_at := resolutions.get(incident["id"])) is not None:
            values.update(resolved=1, resolve_total=resolved_at - incident["reported_at"])
        add(incident, values)
    for clock in clocks:
        incident = incidents.get(clock.incident_id)
        if incident is None:
            continue
        outcome = decided_in(clock, week, holds[clock.incident_id])
        values = {"breaches": clock.week_breaches}
        if outcome["response"] is not None:
            values.update(
                responses=1,
                responses_breached=int(not outcome["response"]),
                acknowledge_total=clock.responded_at - clock.started_at,
            )
        if outcome["resolution"] is not None:
            values.update(resolutions=1, resolutions_breached=int(not outcome["resolution"]))
        add(incident, values)
    for moved in _reopenings(week):
        for group, key_value in _groups_of(moved, service_of):
            found = rows[group].setdefault(key_value, {})
            found["reopenings"] = found.get("reopenings", 0) + 1
    return {
        group: {key_value: _finish_incident_row(values) for key_value, values in found.items()}
        for group, found in rows.items()
    }


def _groups_of(incident: dict, service_of: dict) -> list[tuple]:
    """The (group, key) rows an incident counts in: the total, its priority, its component and its service."""
    groups = [(None, "total"), ("priority", incident["priority"]), ("component", incident["component__slug"])]
    if service := service_of.get(incident["component__slug"]):
        groups.append(("service", service))
    return groups


def _add(total: dict, values: dict) -> None:
    """Add one group's counts and duration sums to a running total (None: nothing to add)."""
    for name, value in values.items():
        if value is None:
            total.setdefault(name, None)
        elif total.get(name) is None:
            total[name] = value
        else:
            total[name] += value


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
    """`clock_metrics` per party and per agreement at once, from the clocks as they stood at the week's end.
    A group is reported when it received, answered, resolved or breached something in the week."""
    clocks, holds = clocks_as_of(week)
    groups: dict[str, dict] = {"party": {}, "agreement": {}}
    for clock in clocks:
        outcome = decided_in(clock, week, holds[clock.incident_id])
        slug, name = clock.party.slug, clock.party.name
        for by, key in (("party", slug), ("agreement", (clock.agreement_reference, name))):
            group = groups[by].setdefault(key, {"name": name, **dict.fromkeys(CLOCK_SUMS, 0)})
            group["acknowledge_total"] = group.get("acknowledge_total")
            group["received"] += int(week.start <= clock.started_at < week.end)
            group["breaches"] += clock.week_breaches
            group["thresholds"] = strictest(group.get("thresholds"), thresholds_of(clock))
            if clock.week_breaches:
                group.setdefault("breached", set()).add(clock.incident_id)
            if outcome["response"] is not None:
                group["responses"] += 1
                group["responses_breached"] += int(not outcome["response"])
                _add(group, {"acknowledge_total": clock.responded_at - clock.started_at})
            if outcome["resolution"] is not None:
                group["resolutions"] += 1
                group["resolutions_breached"] += int(not outcome["resolution"])
    result: dict[str, dict] = {"party": {}, "agreement": {}}
    for by, found in groups.items():
        for key, group in sorted(found.items()):
            if not (group["received"] or group["responses"] or group["resolutions"] or group["breaches"]):
                continue
            responses, resolutions = group["responses"], group["resolutions"]
            result[by][key if by == "party" else key[0]] = {
                "name": group["name"],
                "received": group["received"],
                "mean_time_to_acknowledge": _minutes(_mean(group["acknowledge_total"], responses)),
                "sla_response_met_percent": _percent(responses - group["responses_breached"], responses),
                "sla_resolution_met_percent": _percent(resolutions - group["resolutions_breached"], resolutions),
                "sla_responses_decided": responses,
                "sla_resolutions_decided": resolutions,
                "breaches": group["breaches"],
                "breached_incidents": len(group.get("breached", ())),
                GREEN: group["thresholds"][0],
                AMBER: group["thresholds"][1],
            }
    return result


CLOCK_SUMS = ("received", "responses", "responses_breached", "resolutions", "resolutions_breached", "breaches")


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
        "emergency": counts["emergency"],
        "approved": counts["approved"],
        "rejected": rejected,
        "completed": moved[ChangeStatus.COMPLETED],
        "failed": moved[ChangeStatus.FAILED],
        "emergency_share_percent": _percent(counts["emergency"], counts["submitted"]),
        "change_failure_rate_percent": _percent(moved[ChangeStatus.FAILED], implemented),
        "median_lead_time_hours": round(median(lead_times).total_seconds() / 3600, 1) if lead_times else None,
    }
