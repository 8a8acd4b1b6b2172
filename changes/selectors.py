"""Reads for the change pages and API, always starting from what the user may see."""

import calendar as month_calendar
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from incidents.models import Incident
from parties.access import principal_for
from parties.catalogue import DependencyGraph, component_entries
from parties.models import Role

from . import rules, services
from .models import (
    BEFORE_IMPLEMENTATION,
    COLLIDING_STATES,
    MAINTENANCE_STATES,
    Approval,
    BlackoutWindow,
    ChangeIncidentLink,
    ChangeRequest,
    ChangeStatus,
    ChangeType,
    Decision,
    windows_overlap,
)


def changes_for_list(user):
    return (
        ChangeRequest.objects.visible_to(user)
        .select_related("requesting_party", "requested_by")
        .prefetch_related("components")
    )


def change_detail_queryset(user):
    return (
        changes_for_list(user)
        .select_related("template", "assessment__assessed_by", "review__reviewed_by")
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("approver")))
    )


def flag_conflicts(user, changes: list[ChangeRequest]) -> list[ChangeRequest]:
    """Set `collisions` (visible live changes overlapping on a shared component, or on a component one of the
    change's depends on or that depends on one of them) and `blackouts` (freeze periods the window falls in,
    none for emergencies) on each change, in three queries. Only the changes overlapping one of the changes' own
    windows are read, however far apart those windows lie; freeze periods are few, so those between the earliest
    window's start and the latest window's end are read."""
    if not changes:
        return changes
    windows = [(change.window_start, change.window_end) for change in changes]
    # Only what a collision shows (its reference, title and status) and its window, as rows: the backlog's windows
    # may hold hundreds of other changes.
    candidates = list(
        ChangeRequest.objects.visible_to(user)
        .filter(status__in=COLLIDING_STATES)
        .in_any_window(windows)
        .annotate(
            window_start=Coalesce("planned_start", "proposed_start"), window_end=Coalesce("planned_end", "proposed_end")
        )
        .order_by("window_start")
        .values_list("pk", "reference", "title", "status", "window_start", "window_end", named=True)
    )
    components_of = defaultdict(set)
    candidate_ids = [other.pk for other in candidates]
    through = ChangeRequest.components.through.objects.filter(changerequest__id__any_of=candidate_ids)
    for change_id, component_id in through.values_list("changerequest_id", "component_id"):
        components_of[change_id].add(component_id)
    blackouts = list(
        BlackoutWindow.objects.overlapping(min(start for start, _ in windows), max(end for _, end in windows))
    )
    graph = DependencyGraph()
    # The candidates are in order of start, so each change looks only at those starting within the longest
    # candidate window before its own end: the backlog's windows may hold hundreds, a few of them near each change.
    starts = [other.window_start for other in candidates]
    longest = max((other.window_end - other.window_start for other in candidates), default=timedelta(0))
    for change in changes:
        component_ids = graph.related_to(component.pk for component in change.components.all())
        nearby = candidates[bisect_left(starts, change.window_start - longest) : bisect_left(starts, change.window_end)]
        change.collisions = [
            other
            for other in nearby
            if other.pk != change.pk
            and windows_overlap(change.window_start, change.window_end, other.window_start, other.window_end)
            and not component_ids.isdisjoint(components_of[other.pk])
        ]
        change.blackouts = [
            window
            for window in blackouts
            if change.change_type != ChangeType.EMERGENCY
            and windows_overlap(change.window_start, change.window_end, window.starts_at, window.ends_at)
        ]
    return changes


# Cards per page of the triage board: the page's changes and the windows they span are all it reads.
BOARD_PAGE_SIZE = 25


def board(user, page_number=1) -> Page:
    """One page of the Product Owner's backlog in rank order, with collisions and freeze periods flagged. The
    decisions are counted per change on the page, and only the page's windows are searched for collisions, so a
    page costs the same however long the backlog. A page number that is not one gives the first page, one past
    the end the last."""
    decisions = (
        Approval.objects.filter(change=OuterRef("pk"))
        .order_by()
        .values("change")
        .annotate(count=Count("pk"))
        .values("count")
    )
    backlog = (
        changes_for_list(user)
        .backlog()
        .annotate(decision_count=Coalesce(Subquery(decisions), 0))
        .order_by("rank", "pk")
    )
    page = Paginator(backlog, BOARD_PAGE_SIZE).get_page(page_number)
    page.object_list = flag_conflicts(user, list(page.object_list))
    return page


def board_page_of(position: int) -> int:
    """The board page that shows the backlog's `position` (1 = top)."""
    return (position - 1) // BOARD_PAGE_SIZE + 1


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in the portal's time zone."""
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min)),
    )


def calendar_changes(user, start: datetime, end: datetime, queryset=None) -> list[ChangeRequest]:
    """Scheduled (and since implemented) changes whose planned window meets [start, end)."""
    queryset = changes_for_list(user) if queryset is None else queryset
    changes = list(
        queryset.filter(status__in=COLLIDING_STATES, planned_start__isnull=False)
        .in_window(start, end)
        .order_by("planned_start", "pk")
    )
    return flag_conflicts(user, changes)


def blackouts_between(user, start: datetime, end: datetime):
    return BlackoutWindow.objects.visible_to(user).overlapping(start, end)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    changes: list = field(default_factory=list)
    blackouts: list = field(default_factory=list)


def month_grid(year: int, month: int, changes, blackouts) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with the changes and freeze periods on it (local time)."""
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {day: CalendarDay(day=day, in_month=day.month == month) for week in weeks for day in week}
    for items, attribute, start_of, end_of in (
        (changes, "changes", "planned_start", "planned_end"),
        (blackouts, "blackouts", "starts_at", "ends_at"),
    ):
        for item in items:
            first = timezone.localtime(getattr(item, start_of)).date()
            # A window ending at midnight does not touch the next day.
            last = (timezone.localtime(getattr(item, end_of)) - timedelta(microseconds=1)).date()
            day = max(first, weeks[0][0])
            while day <= min(last, weeks[-1][-1]):
                getattr(days[day], attribute).append(item)
                day += timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


@dataclass
class MaintenanceNotice:
    """Planned maintenance as a reporter or the public sees it: when, which parts of the service and how much
    citizens will notice (the architect's assessment, "" before one), nothing else."""

    starts_at: datetime
    ends_at: datetime
    in_progress: bool
    components: list[str]
    citizen_impact: str = ""


def planned_maintenance(user, now: datetime | None = None) -> list[MaintenanceNotice]:
    """Scheduled and running changes, without title, reference, party or people (DESIGN §5)."""
    if not principal_for(user).is_authenticated:
        return []
    return maintenance_between(now or timezone.now())


def maintenance_between(start: datetime, end: datetime | None = None) -> list[MaintenanceNotice]:
    """Scheduled and running changes whose planned window overlaps [start, end) (open-ended without `end`), as
    anyone may see them: the public status page shows these too."""
    changes = ChangeRequest.objects.filter(status__in=MAINTENANCE_STATES, planned_end__gt=start)
    if end is not None:
        changes = changes.filter(planned_start__lt=end)
    changes = (
        changes.annotate(citizen_impact=F("assessment__citizen_impact"))
        .prefetch_related("components")
        .order_by("planned_start", "pk")
    )
    return [
        MaintenanceNotice(
            starts_at=change.planned_start,
            ends_at=change.planned_end,
            in_progress=change.status == "in_progress",
            components=sorted(component.public_name for component in change.components.all()),
            citizen_impact=change.citizen_impact or "",
        )
        for change in changes
    ]


# --- links between changes and incidents -------------------------------------------------------


def _links(user):
    return ChangeIncidentLink.objects.visible_to(user).select_related("change", "incident", "created_by")


def _with_unlink_rights(user, links) -> list[ChangeIncidentLink]:
    links = list(links)
    for link in links:
        link.can_unlink = rules.can_link(user, link.change, link.incident)
    return links


def links_for_change(user, change: ChangeRequest) -> list[ChangeIncidentLink]:
    """The change's links to incidents the user may see, each with `can_unlink`; one query."""
    return _with_unlink_rights(user, _links(user).filter(change=change))


def links_for_incident(user, incident) -> list[ChangeIncidentLink]:
    """The incident's links to changes the user may see (none for the reporter's side), one query."""
    if not principal_for(user).is_chain_member:
        return []
    return _with_unlink_rights(user, _links(user).filter(incident=incident))


def link_for_user(user, pk: int) -> ChangeIncidentLink:
    """A link the user may see, or ChangeIncidentLink.DoesNotExist."""
    return _links(user).get(pk=pk)


def incident_by_reference(user, reference: str) -> Incident | None:
    """An incident by reference among those the user may see; None for unknown or invisible alike."""
    reference = (reference or "").strip().upper()
    return Incident.objects.visible_to(user).filter(reference=reference).first() if reference else None


def change_by_reference(user, reference: str) -> ChangeRequest | None:
    """A change by reference among those the user may see; None for unknown or invisible alike."""
    reference = (reference or "").strip().upper()
    return ChangeRequest.objects.visible_to(user).filter(reference=reference).first() if reference else None


def collisions_to_confirm(user, change: ChangeRequest, action: str, data: dict) -> list[ChangeRequest]:
    """The visible changes an approval or a schedule would run into (overlapping window on a shared component):
    the page asks the user to confirm before it goes ahead. Empty for any other action or decision."""
    if action == "decide" and data.get("decision") == Decision.APPROVED:
        start, end = change.window_start, change.window_end
    elif action == "schedule":
        start, end = data["planned_start"], data["planned_end"]
    else:
        return []
    visible = ChangeRequest.objects.visible_to(user)
    return list(services.collisions(change, start, end).filter(pk__in=visible.values("pk")).order_by("reference"))


def waiting_for(change: ChangeRequest) -> list[str]:
    """The roles whose approval the change still waits for, by label, in the order they are required."""
    approved = set(change.approvals.filter(decision=Decision.APPROVED).values_list("role", flat=True))
    return [str(Role(role).label) for role in change.required_roles if role not in approved]


@dataclass
class DependentsAtRisk:
    """What a change on its components may disturb: the components depending on them, and the open changes and
    incidents on those."""

    components: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    incidents: list = field(default_factory=list)


def dependents_at_risk(user, change: ChangeRequest) -> DependentsAtRisk:
    """The dependents of the change's components (directly or indirectly), with the open changes (submitted up
    to in progress, this one left out) and open incidents on them, as far as the user sees them."""
    reached = DependencyGraph().dependents_of(component.pk for component in change.components.all())
    if not reached:
        return DependentsAtRisk()
    live = (BEFORE_IMPLEMENTATION - {ChangeStatus.DRAFT}) | {ChangeStatus.IN_PROGRESS}
    return DependentsAtRisk(
        components=component_entries(user, reached),
        changes=list(
            ChangeRequest.objects.visible_to(user)
            .filter(status__in=live, components__in=reached)
            .exclude(pk=change.pk)
            .distinct()
            .order_by("reference")
        ),
        incidents=list(
            Incident.objects.visible_to(user)
            .open()
            .filter(component__in=reached)
            .select_related("component")
            .order_by("reported_at")
        ),
    )
