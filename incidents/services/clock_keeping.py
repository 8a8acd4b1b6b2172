"""Bookkeeping of an incident's SLA clocks: which agreement applies, starting, retargeting and
stopping clocks, and keeping the incident's due time, breach state and SLA events current."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_tracked
from notifications import services as outbox
from notifications.models import Notification
from parties.models import Agreement, AgreementKind, Component, Party

from .. import clocks
from ..clock_terms import terms_as_of
from ..clocks import ClockState, read_clock, thresholds_crossed
from ..models import BreachState, Incident, SlaClock, SlaEvent
from .records import save_validated


def contract_of(party: Party, component: Component, at: datetime) -> Agreement | None:
    """The party's own agreement (UC or OLA) for the component, when it is not the chain SLA itself."""
    return (
        Agreement.objects.in_force_on(timezone.localdate(at))
        .filter(provider=party, components=component)
        .exclude(kind=AgreementKind.SLA)
        .order_by("valid_from")
        .first()
    )


def start_clock(incident: Incident, scope: str, party: Party, agreement: Agreement, at: datetime, actor) -> None:
    """Start the party's clock under the agreement's terms at `at`, unless it has no target for the priority."""
    terms = terms_as_of(party.pk, agreement, incident.priority, at)
    if terms is not None:
        clock = terms.clock(scope, incident.priority, at)
        clock.incident = incident
        save_tracked(clock, actor=actor, reason=clock_started(clock))


def clock_started(clock: SlaClock) -> str:
    return _("Klok gestart volgens %(reference)s") % {"reference": clock.agreement_reference}


def retarget(clock: SlaClock, priority: str, actor) -> None:
    """A new priority takes its targets from the agreement version the clock started under."""
    target = clocks.target_as_of(clock.agreement, priority, clock.started_at)
    if target is None:
        return
    clock.priority = priority
    clock.response_minutes = target.response_minutes
    clock.resolution_minutes = target.resolution_minutes
    clock.calendar_snapshot = clocks.calendar_as_of(target.calendar_id or clock.agreement.calendar_id, clock.started_at)
    save_tracked(clock, actor=actor, reason=_("Prioriteit gewijzigd naar %(priority)s") % {"priority": priority})


def stop_clock(clock: SlaClock, at: datetime, why: str, actor, reason: str) -> None:
    clock.stopped_at = at
    clock.stop_reason = why
    save_tracked(clock, actor=actor, reason=reason)


def refresh_summary(
    incident: Incident,
    actor,
    now: datetime,
    reason: str,
    *,
    holds: list | None = None,
    clocks: list | None = None,
    retargeted: bool = False,
) -> list[SlaEvent]:
    """Raise due warning/breach events and keep the incident's due time and breach state current. A caller
    that holds the incident's holds and clocks already (filing) passes them. After new targets (`retargeted`)
    a threshold they put in the past is dated now: it was not crossed before the targets changed."""
    holds = list(incident.hold_periods.all()) if holds is None else holds
    clocks = incident.clocks.select_related("party") if clocks is None else clocks
    worst, due_at, alarms = clock_summary(clocks, holds, now)
    if retargeted:
        alarms = [(clock, target, kind, max(crossed, now)) for clock, target, kind, crossed in alarms]
    raised = raise_events(alarms, actor)
    if (incident.breach_state, incident.due_at) != (worst, due_at):
        incident.breach_state, incident.due_at = worst, due_at
        save_validated(incident, actor, reason)
    return raised


def clock_summary(clocks, holds: list, now: datetime) -> tuple[str, datetime | None, list[tuple]]:
    """The incident's breach state and due time read from its clocks, and the (clock, target, kind, instant) of
    every warning or breach the clocks have reached, dated when it was crossed. A clock that stopped (met,
    transferred, cancelled) reports what it crossed before it stopped; a paused clock past 75% warns."""
    worst, due_at, alarms = BreachState.OK, None, []
    for clock in clocks:
        for reading in read_clock(clock, holds, now):
            for kind, crossed in thresholds_crossed(clock, reading, holds, now):
                alarms.append((clock, reading.target, kind, crossed))
            if reading.state == ClockState.BREACHED:
                worst = BreachState.BREACHED
            elif (
                reading.warned and reading.state in (ClockState.WARNING, ClockState.PAUSED) and worst == BreachState.OK
            ):
                worst = BreachState.WARNING
            if clock.scope == SlaClock.Scope.SLA and reading.target == SlaEvent.Target.RESOLUTION:
                due_at = reading.due if clock.stopped_at is None else None
    return worst, due_at, alarms


def raise_events(alarms: list[tuple], actor) -> list[SlaEvent]:
    """Record each (clock, target, kind, instant) threshold once, dated at the instant it was crossed: the
    thresholds already recorded for these clocks are read in one query."""
    if not alarms:
        return []
    recorded = set(
        SlaEvent.objects.filter(clock_id__in={clock.pk for clock, *_rest in alarms}).values_list(
            "clock_id", "target", "kind"
        )
    )
    raised = []
    for clock, target, kind, crossed in alarms:
        if (clock.pk, target, kind) in recorded:
            continue
        event = SlaEvent(clock=clock, target=target, kind=kind, raised_at=crossed)
        save_tracked(event, actor=actor, reason=f"{event.get_kind_display()} {event.get_target_display()}")
        outbox.notify(Notification.Kind.SLA_EVENT, event.pk)
        recorded.add((clock.pk, target, kind))
        raised.append(event)
    return raised
