"""The dashboard's figures of the current week, computed by a task and stored (LiveFigures), so that a dashboard
request reads one row whatever the number of incidents and changes.

Per scope (the whole chain, and each service) the row holds, as counted at `computed_at`: the week's clock
figures per party and per agreement, the week's breaches per party and missed target, the open incidents per
priority and age band, the open P1 incidents, the changes per state (drafts per requesting party) and the
number of changes scheduled in the next 14 days. The last completed week is not here: it comes from the
stored weekly report.

Freshness: `governance.tasks.refresh_live_figures` recomputes every scope each minute (Celery beat). A row
older than FRESH_FOR, or from an earlier week, is computed again in the request that finds it (no worker
running: `make run` on SQLite, a fresh database, a stopped beat), so the dashboard never shows figures more
than five minutes old. Five minutes leave room for a refresh that is late under load without making a page
wait for the computation while the worker runs. One request at a time recomputes a stale scope (a lock in the
cache, held for at most RECOMPUTE_LOCK_SECONDS); the requests arriving meanwhile show the stale row with its time
rather than each starting the same computation.

The figures count every record of the scope, as the readers who see the whole chain (regie, business owner)
or the whole of their own service (its owner) see them; the dashboard restricts them for any other reader
(governance.reports.selectors.dashboard).
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from changes.filters import ChangeRequestFilterSet
from changes.models import ChangeRequest, ChangeStatus
from core.weeks import Week
from governance.models import LiveFigures
from incidents.models import Incident, SlaEvent
from parties.models import Priority, Service

from .clock_figures import clock_metrics_by_party_and_agreement

FRESH_FOR = timedelta(minutes=5)
RECOMPUTE_LOCK_SECONDS = 60
UPCOMING_DAYS = 14
# Open incidents by age: (name, reported at most this many days ago, at least this many days ago).
AGE_BANDS = (("lt1d", 1, None), ("1to3d", 3, 1), ("3to7d", 7, 3), ("gt7d", None, 7))


def age_bands(at: datetime) -> list[tuple[str, datetime | None, datetime | None]]:
    """(name, reported from, reported before) of each age band, counted back from `at`."""
    return [
        (
            name,
            at - timedelta(days=since) if since is not None else None,
            at - timedelta(days=before) if before is not None else None,
        )
        for name, since, before in AGE_BANDS
    ]


def upcoming_filters(at: datetime) -> dict:
    """The change list's filters for the changes scheduled in the next 14 days, from the day of `at`."""
    today = timezone.localdate(at)
    return {"status": [ChangeStatus.SCHEDULED], "start": today, "end": today + timedelta(days=UPCOMING_DAYS)}


def is_fresh(row: LiveFigures, now: datetime) -> bool:
    """Counted in this week, at most FRESH_FOR ago (or as far ahead: another process's clock)."""
    return Week.of(row.computed_at) == Week.of(now) and abs(now - row.computed_at) <= FRESH_FOR


def live_figures_for(service: Service | None, now: datetime | None = None) -> LiveFigures:
    """The stored figures of the chain (service None) or of one service; computed and stored now when there
    are none yet or they are not fresh."""
    now = now or timezone.now()
    row = LiveFigures.objects.filter(service=service).first()
    if row is not None and is_fresh(row, now):
        return row
    if row is None:
        return live_figures_compute(service=service, now=now)
    lock = f"live-figures-recompute:{service.pk if service else 'chain'}"
    if not cache.add(lock, True, timeout=RECOMPUTE_LOCK_SECONDS):
        return row  # another request is recomputing this scope
    try:
        return live_figures_compute(service=service, now=now)
    finally:
        cache.delete(lock)


def live_figures_refresh_all(*, now: datetime | None = None) -> int:
    """Recompute the chain's figures and every service's; the week's clocks are read once for all of them.
    Returns the number of scopes refreshed."""
    now = now or timezone.now()
    clocks = clock_metrics_by_party_and_agreement(Week.of(now))
    scopes = [None, *Service.objects.order_by("name")]
    for service in scopes:
        live_figures_compute(service=service, now=now, clocks=clocks)
    return len(scopes)


def live_figures_compute(*, service: Service | None = None, now: datetime | None = None, clocks=None) -> LiveFigures:
    """Count the current week's figures of one scope and replace its stored row (see the module docstring)."""
    now = now or timezone.now()
    week = Week.of(now)
    clocks = clock_metrics_by_party_and_agreement(week) if clocks is None else clocks
    incidents, changes = Incident.objects.all(), ChangeRequest.objects.all()
    filters = upcoming_filters(now)
    if service is not None:
        incidents = incidents.filter(component__service=service)
        through = ChangeRequest.components.through.objects.filter(component__service=service)
        changes = changes.filter(pk__in=through.values("changerequest_id"))
        filters["service"] = service.slug
    pipeline, drafts = _changes_per_state(changes)
    # Counted through the change list's own FilterSet, so the figure equals the list it links to.
    upcoming = ChangeRequestFilterSet(data=filters, queryset=changes).qs
    figures = {
        "week": week.label,
        "parties": clocks["party"],
        "agreements": clocks["agreement"],
        "breaches": _breaches_per_party_and_target(week, incidents),
        "open": _open_by_priority_and_age(incidents, now),
        "major": _open_major_incidents(incidents),
        "pipeline": pipeline,
        "drafts": drafts,
        "upcoming": ChangeRequest.objects.filter(pk__in=upcoming.values("pk")).count(),
    }
    row, _created = LiveFigures.objects.update_or_create(
        service=service, defaults={"computed_at": now, "figures": figures}
    )
    return row


def _breaches_per_party_and_target(week: Week, incidents) -> list[dict]:
    """Breaches raised this week per party whose clock it was, with how many missed the response and how many
    the resolution target; most breaches first."""
    events = (
        SlaEvent.objects.filter(
            kind=SlaEvent.Kind.BREACH,
            raised_at__gte=week.start,
            raised_at__lt=week.end,
            clock__incident__in=incidents,
        )
        .order_by()
        .values("clock__party__slug", "clock__party__name", "target")
        .annotate(count=Count("pk"))
    )
    rows: dict[str, dict] = {}
    for event in events:
        row = rows.setdefault(
            event["clock__party__slug"],
            {
                "party": event["clock__party__slug"],
                "name": event["clock__party__name"],
                "count": 0,
                SlaEvent.Target.RESPONSE: 0,
                SlaEvent.Target.RESOLUTION: 0,
            },
        )
        row["count"] += event["count"]
        row[event["target"]] += event["count"]
    return sorted(rows.values(), key=lambda row: (-row["count"], row["name"]))


def _open_by_priority_and_age(incidents, now: datetime) -> dict:
    """{priority: {band: open incidents}} in one aggregate query."""
    counts = {}
    for name, since, before in age_bands(now):
        condition = Q()
        if since:
            condition &= Q(reported_at__gte=since)
        if before:
            condition &= Q(reported_at__lt=before)
        counts[name] = Count("pk", filter=condition)
    found = {row.pop("priority"): row for row in incidents.open().order_by().values("priority").annotate(**counts)}
    return {priority: {name: found.get(priority, {}).get(name, 0) for name, *_ in AGE_BANDS} for priority in Priority}


def _open_major_incidents(incidents) -> list[dict]:
    return list(
        incidents.open()
        .filter(priority=Priority.P1)
        .order_by("reported_at", "pk")
        .values(
            "reference", "title", "status", component_slug=F("component__slug"), component_name=F("component__name")
        )
    )


def _changes_per_state(changes) -> tuple[dict, dict]:
    """(changes per state without the drafts, drafts per requesting party id): a draft is seen only by the
    party that requests it."""
    pipeline, drafts = {}, {}
    rows = changes.order_by().values_list("status", "requesting_party_id").annotate(count=Count("pk"))
    for status, party, count in rows:
        if status == ChangeStatus.DRAFT:
            drafts[str(party)] = drafts.get(str(party), 0) + count
        else:
            pipeline[status] = pipeline.get(status, 0) + count
    return pipeline, drafts
