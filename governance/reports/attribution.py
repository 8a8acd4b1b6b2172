"""Breach attribution: for each breach of the SLA to the business owner, which party held the
incident for how much of the business time (holds excluded), and whose underpinning contract was
breached too. Only the week's breaches are read, each with its incident's holds, assignments and
contract breaches in a fixed number of queries (however many breaches the week had).
"""

from datetime import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from incidents.clocks import engine_for, time_on_hold
from incidents.models import Assignment, SlaClock, SlaEvent

from .weeks import Week


def attribute_breaches(week: Week) -> list[dict]:
    breaches = (
        SlaEvent.objects.filter(
            kind=SlaEvent.Kind.BREACH,
            clock__scope=SlaClock.Scope.SLA,
            raised_at__gte=week.start,
            raised_at__lt=week.end,
        )
        .select_related("clock__incident__component", "clock__party")
        .prefetch_related(
            "clock__incident__hold_periods",
            Prefetch(
                "clock__incident__assignments",
                queryset=Assignment.objects.select_related("party").order_by("started_at"),
            ),
            Prefetch(
                "clock__incident__clocks",
                queryset=SlaClock.objects.filter(scope=SlaClock.Scope.UC)
                .select_related("party")
                .prefetch_related(
                    Prefetch("events", queryset=SlaEvent.objects.filter(kind=SlaEvent.Kind.BREACH), to_attr="breaches")
                ),
                to_attr="uc_clocks",
            ),
        )
        .order_by("raised_at", "pk")
    )
    return [attribute(event, until=week.end) for event in breaches]


def attribute(event: SlaEvent, until: datetime) -> dict:
    """The legs of one breached SLA clock. Time before the first assignment is the regie party's
    triage; the shares add up to 100%."""
    clock, incident = event.clock, event.clock.incident
    end = min(clock.stopped_at or until, until)
    if event.target == SlaEvent.Target.RESPONSE and clock.responded_at:
        end = min(end, clock.responded_at)
    engine = engine_for(clock)
    holds = list(incident.hold_periods.all())

    def business_time(start, stop):
        return engine.elapsed(start, stop) - time_on_hold(engine, holds, start, stop)

    minutes: dict[str, float] = {}
    for assignment in incident.assignments.all():
        leg_start, leg_end = max(assignment.started_at, clock.started_at), min(assignment.ended_at or end, end)
        if leg_end > leg_start:
            name = assignment.party.name
            minutes[name] = minutes.get(name, 0) + business_time(leg_start, leg_end).total_seconds() / 60
    total = business_time(clock.started_at, end).total_seconds() / 60
    triage = total - sum(minutes.values())
    if triage > 0.05:
        minutes[_("%(party)s (triage)") % {"party": clock.party.name}] = triage
    if hasattr(incident, "uc_clocks"):  # read with the breaches of the week (attribute_breaches)
        uc_breaches = sorted(
            (breach for uc_clock in incident.uc_clocks for breach in uc_clock.breaches), key=lambda uc: uc.raised_at
        )
    else:
        uc_breaches = (
            SlaEvent.objects.filter(clock__incident=incident, clock__scope=SlaClock.Scope.UC, kind=SlaEvent.Kind.BREACH)
            .select_related("clock__party")
            .order_by("raised_at")
        )
    return {
        "incident": incident.reference,
        "priority": clock.priority,
        "component": incident.component.name,
        "agreement": clock.agreement_reference,
        "target": event.target,
        "raised_at": event.raised_at.isoformat(),
        "total_minutes": round(total, 1),
        "legs": [
            {"party": party, "minutes": round(held, 1), "share_percent": round(100 * held / total, 1) if total else 0}
            for party, held in sorted(minutes.items(), key=lambda item: -item[1])
        ],
        "uc_breaches": [
            {"party": uc.clock.party.name, "agreement": uc.clock.agreement_reference, "target": uc.target}
            for uc in uc_breaches
        ],
    }
