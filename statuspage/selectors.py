"""What the public status page shows, worked out from the records: per component its state now, its worst state
on each of the last 90 days, the moments its state changed, the current major incidents with their public
updates, and the maintenance planned in the next 14 days.

Everything here is public: a component is named by its `public_name` only, and no incident, change, person or
party is named; a major incident by its public title and its updates by their public text only. The records
become public states in one function, `disruptions`; the grouping of components on the page in another,
`service_groups`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum

from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from changes.models import CitizenImpact
from changes.selectors import MaintenanceNotice, maintenance_between
from incidents.models import Impact
from incidents.selectors import component_disruptions
from majorincidents.models import MajorStatus
from majorincidents.selectors import major_incident_periods, public_major_incidents
from parties.models import Component, Priority

HISTORY_DAYS = 90
MAINTENANCE_DAYS = 14
# Until the service catalogue groups components into services, the page shows one service: the product.
PRODUCT_NAME = "CoronaMelder"


class State(IntEnum):
    """A component's public state; a higher value is worse, so the worst of several is their max()."""

    OPERATIONAL = 0
    DEGRADED = 1
    OUTAGE = 2

    @property
    def label(self):
        return STATE_LABELS[self]

    @property
    def key(self) -> str:
        return self.name.lower()


STATE_LABELS = {
    State.OPERATIONAL: _("Werkt normaal"),
    State.DEGRADED: _("Werkt minder goed"),
    State.OUTAGE: _("Storing"),
}

# The rule (README "Public status page"): an incident of priority P1 on a component is an outage of it, one of
# P2 makes it work less well; P3 and P4 hit few people and do not change the public state.
STATE_BY_INCIDENT_PRIORITY = {Priority.P1: State.OUTAGE, Priority.P2: State.DEGRADED}
# A declared major incident is an outage of its components, from its declaration until it is stood down; it
# only makes them work less well when the impact of the incident behind it is below "many people".
STATE_BY_MAJOR_IMPACT = {Impact.HIGH: State.OUTAGE}

IMPACT_PHRASES = {
    CitizenImpact.NONE: _("U merkt hier naar verwachting niets van."),
    CitizenImpact.LIMITED: _("Het onderdeel kan kort of voor een deel van de gebruikers minder goed werken."),
    CitizenImpact.MAJOR: _("Het onderdeel is tijdens het onderhoud (deels) niet te gebruiken."),
}
GENERIC_MAINTENANCE_PHRASE = _("Tijdens het onderhoud kan het onderdeel minder goed of niet werken.")


@dataclass(frozen=True)
class Disruption:
    """A period in which a component was not operational; `ends_at` None while it lasts."""

    component_id: int
    state: State
    starts_at: datetime
    ends_at: datetime | None

    def covers(self, moment: datetime) -> bool:
        return self.starts_at <= moment and (self.ends_at is None or moment < self.ends_at)


def disruptions(start: datetime, end: datetime) -> list[Disruption]:
    """Every period overlapping [start, end) in which a component was not operational: the one place where the
    records become public states (the rules: STATE_BY_INCIDENT_PRIORITY, STATE_BY_MAJOR_IMPACT)."""
    incidents = [
        Disruption(row["component_id"], STATE_BY_INCIDENT_PRIORITY[row["priority"]], row["started_at"], row["ended_at"])
        for row in component_disruptions(start, end, priorities=STATE_BY_INCIDENT_PRIORITY)
    ]
    majors = [
        Disruption(
            row["component_id"],
            STATE_BY_MAJOR_IMPACT.get(row["impact"], State.DEGRADED),
            row["starts_at"],
            row["ends_at"],
        )
        for row in major_incident_periods(start, end)
    ]
    return incidents + majors


def state_at(periods: list[Disruption], moment: datetime) -> State:
    """The worst state the periods (of one component) give at a moment; operational when none covers it."""
    return max((period.state for period in periods if period.covers(moment)), default=State.OPERATIONAL)


def history_days(today: date, count: int = HISTORY_DAYS) -> list[date]:
    """The last `count` days up to and including today, oldest first."""
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def daily_states(periods: list[Disruption], days: list[date], now: datetime) -> list[State]:
    """The worst state of each day (in the service's time zone) the periods touch; one pass over the periods,
    whatever the number of days."""
    worst = dict.fromkeys(days, State.OPERATIONAL)
    first, last = days[0], days[-1]
    for period in periods:
        day = max(timezone.localdate(period.starts_at), first)
        until = min(timezone.localdate(min(period.ends_at or now, now)), last)
        while day <= until:
            worst[day] = max(worst[day], period.state)
            day += timedelta(days=1)
    return [worst[day] for day in days]


@dataclass(frozen=True)
class StateChange:
    """A moment a component's public state changed (a line in the feed)."""

    component_id: int
    public_name: str
    state: State
    at: datetime


def state_changes(periods: list[Disruption], component_id: int, public_name: str) -> list[StateChange]:
    """The moments the worst state of one component changed, oldest first: overlapping periods give one change
    when the worse one starts and one when the component is operational again, not one per record."""
    moments = sorted({period.starts_at for period in periods} | {p.ends_at for p in periods if p.ends_at})
    changes, previous = [], State.OPERATIONAL
    for moment in moments:
        state = state_at(periods, moment)
        if state != previous:
            changes.append(StateChange(component_id, public_name, state, moment))
            previous = state
    return changes


@dataclass(frozen=True)
class DayState:
    day: date
    state: State


@dataclass(frozen=True)
class ComponentStatus:
    """One component on the page: its state now, since when, and its last 90 days."""

    pk: int
    public_name: str
    service: str  # the public name of its service
    state: State
    since: datetime | None
    days: tuple[DayState, ...]

    @property
    def anchor(self) -> str:
        return f"onderdeel-{self.pk}"

    @property
    def disrupted_days(self) -> list[DayState]:
        return [day for day in self.days if day.state != State.OPERATIONAL]

    @property
    def outage_day_count(self) -> int:
        return sum(day.state == State.OUTAGE for day in self.days)

    @property
    def degraded_day_count(self) -> int:
        return sum(day.state == State.DEGRADED for day in self.days)


@dataclass(frozen=True)
class ServiceGroup:
    name: str
    components: tuple[ComponentStatus, ...]

    @property
    def state(self) -> State:
        return max((component.state for component in self.components), default=State.OPERATIONAL)


def service_groups(components: list[ComponentStatus]) -> tuple[ServiceGroup, ...]:
    """The components grouped by their service (the catalogue's public names), the product first."""
    groups: dict[str, list[ComponentStatus]] = {}
    for component in components:
        groups.setdefault(component.service, []).append(component)
    names = sorted(groups, key=lambda name: (name != PRODUCT_NAME, name))
    return tuple(ServiceGroup(name, tuple(groups[name])) for name in names)


@dataclass(frozen=True)
class PublicMaintenance:
    """Planned maintenance on the public page: when, which components, and what citizens may notice."""

    notice: MaintenanceNotice

    @property
    def phrase(self):
        return IMPACT_PHRASES.get(self.notice.citizen_impact, GENERIC_MAINTENANCE_PHRASE)


@dataclass(frozen=True)
class PublicUpdate:
    posted_at: datetime
    text: str


@dataclass(frozen=True)
class PublicMajorIncident:
    """A current or recent major incident as the public reads it: its public title, the components it hits
    (public names), and the updates addressed to the public (their public text), oldest first."""

    title: str
    status: str
    declared_at: datetime
    stood_down_at: datetime | None
    components: tuple[str, ...]
    updates: tuple[PublicUpdate, ...]

    @property
    def is_current(self) -> bool:
        return self.status == MajorStatus.DECLARED

    @property
    def anchor(self) -> str:
        """Named by its declaration, as the public knows no reference."""
        return f"storing-{int(self.declared_at.timestamp())}"

    @property
    def updates_newest_first(self) -> tuple[PublicUpdate, ...]:
        return tuple(reversed(self.updates))


def public_majors(now: datetime) -> tuple[PublicMajorIncident, ...]:
    """The major incidents declared now or stood down in the last days, newest first, without translated text."""
    return tuple(
        PublicMajorIncident(
            title=major["title"],
            status=major["status"],
            declared_at=major["declared_at"],
            stood_down_at=major["stood_down_at"],
            components=tuple(major["components"]),
            updates=tuple(PublicUpdate(update["posted_at"], update["text"]) for update in major["updates"]),
        )
        for major in public_major_incidents(now)
    )


@dataclass(frozen=True)
class StatusOverview:
    """Everything the page and the feed show, as of `generated_at`; holds no translated text, so one cached
    overview serves every language."""

    generated_at: datetime
    groups: tuple[ServiceGroup, ...]
    maintenance: tuple[PublicMaintenance, ...]
    changes: tuple[StateChange, ...]  # newest first
    major_incidents: tuple[PublicMajorIncident, ...] = ()  # newest first

    @property
    def state(self) -> State:
        return max((group.state for group in self.groups), default=State.OPERATIONAL)

    @property
    def disrupted(self) -> list[ComponentStatus]:
        """The components not operational now, worst first."""
        current = [component for group in self.groups for component in group.components if component.state]
        return sorted(current, key=lambda component: (-component.state, component.since))


def status_overview(now: datetime | None = None) -> StatusOverview:
    """The whole page in one go: a query for the components, one each for the incidents and the major incidents
    disrupting them in the last 90 days (the day cells are filled from them, not counted per day), two for the
    maintenance and three for the major incidents with their public updates."""
    now = now or timezone.now()
    days = history_days(timezone.localdate(now))
    window_start = timezone.make_aware(datetime.combine(days[0], datetime.min.time()))
    periods_by_component: dict[int, list[Disruption]] = {}
    # Up to and including this moment: an incident filed as the page is built counts.
    for period in disruptions(window_start, now + timedelta(microseconds=1)):
        periods_by_component.setdefault(period.component_id, []).append(period)
    components, changes = [], []
    # A component outside the catalogue is the product's (the business owner's service).
    for pk, public_name, service in (
        Component.objects.filter(is_active=True)
        .order_by("public_name")
        .values_list("pk", "public_name", Coalesce("service__public_name", Value(PRODUCT_NAME)))
    ):
        periods = periods_by_component.get(pk, [])
        component_changes = state_changes(periods, pk, public_name)
        state = state_at(periods, now)
        since = component_changes[-1].at if state and component_changes else None
        cells = zip(days, daily_states(periods, days, now), strict=True)
        components.append(
            ComponentStatus(pk, public_name, service, state, since, tuple(DayState(day, cell) for day, cell in cells))
        )
        changes.extend(change for change in component_changes if change.at <= now)
    maintenance = maintenance_between(now, now + timedelta(days=MAINTENANCE_DAYS))
    return StatusOverview(
        generated_at=now,
        groups=service_groups(components),
        maintenance=tuple(PublicMaintenance(notice) for notice in maintenance),
        changes=tuple(sorted(changes, key=lambda change: change.at, reverse=True)),
        major_incidents=public_majors(now),
    )
