"""Breach attribution: for each breach of the SLA to the business owner, which party held the
incident for how much of the business time (holds excluded), how much business time the incident
waited on a named party or on the reporter (incidents/holds.py: whom a hold waited on), and whose
underpinning contract was breached too. Only the weeks' breaches are read, with their incidents'
holds, assignments, contract clocks and those clocks' breaches as plain values in five queries
(however many breaches and weeks); the business time is computed per assignment leg and per hold
with the calendar the clock started with.
"""

from datetime import datetime, timedelta
from types import SimpleNamespace

from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from core.weeks import Week, WeekIndex, span
from incidents.clocks import engine_for_json, time_on_hold, working_day_minutes_for_json
from incidents.holds import CHARGED
from incidents.models import Assignment, HoldPeriod, SlaClock, SlaEvent

BREACH_FIELDS = {
    "target": "target",
    "raised_at": "raised_at",
    "incident_id": "clock__incident_id",
    "reference": "clock__incident__reference",
    "component": "clock__incident__component__name",
    "started_at": "clock__started_at",
    "stopped_at": "clock__stopped_at",
    "responded_at": "clock__responded_at",
    "calendar_json": "calendar_json",
    "priority": "clock__priority",
    "agreement": "clock__agreement_reference",
    "party": "clock__party__name",
}


def attribute_breaches(weeks: list[Week]) -> dict[Week, list[dict]]:
    """Per week (consecutive weeks, read together), the attribution of each breach raised in it."""
    start, end = span(weeks)
    breaches = [
        {name: row[field] for name, field in BREACH_FIELDS.items()}
        for row in SlaEvent.objects.filter(
            kind=SlaEvent.Kind.BREACH,
            clock__scope=SlaClock.Scope.SLA,
            raised_at__gte=start,
            raised_at__lt=end,
        )
        .order_by("raised_at", "pk")
        # The snapshot as text: a few distinct calendars, each decoded once (engine_for_json).
        .annotate(calendar_json=Cast("clock__calendar_snapshot", TextField()))
        .values(*BREACH_FIELDS.values())
    ]
    incident_ids = {breach["incident_id"] for breach in breaches}
    holds: dict[int, list] = {}
    for hold in HoldPeriod.objects.filter(incident__id__any_of=incident_ids).values(
        "incident_id", "started_at", "ended_at", "waiting_for", party=F("waiting_for_party__name")
    ):
        holds.setdefault(hold["incident_id"], []).append(SimpleNamespace(**hold))
    assignments: dict[int, list] = {}
    for assignment in (
        Assignment.objects.filter(incident__id__any_of=incident_ids)
        .order_by("started_at", "pk")
        .values("incident_id", "started_at", "ended_at", "party__name")
    ):
        assignments.setdefault(assignment["incident_id"], []).append(assignment)
    # Their underpinning contracts' breaches, found from the contract clocks of these incidents by the clocks' ids
    # (filtered by the clocks' incidents instead, PostgreSQL reads every breach event).
    uc_clocks = SlaClock.objects.filter(scope=SlaClock.Scope.UC, incident__id__any_of=incident_ids)
    uc_breaches: dict[int, list] = {}  # per incident, (raised at, breach) in the order they were raised
    for uc in (
        SlaEvent.objects.filter(
            kind=SlaEvent.Kind.BREACH,
            clock__id__any_of=list(uc_clocks.values_list("pk", flat=True)),
            raised_at__lt=end,
        )
        .order_by("raised_at", "clock__started_at", "clock_id", "pk")
        .values("raised_at", "clock__incident_id", "clock__party__name", "clock__agreement_reference", "target")
    ):
        uc_breaches.setdefault(uc["clock__incident_id"], []).append(
            (
                uc["raised_at"],
                {
                    "party": uc["clock__party__name"],
                    "agreement": uc["clock__agreement_reference"],
                    "target": uc["target"],
                },
            )
        )
    index = WeekIndex(weeks)
    found: dict[Week, list] = {week: [] for week in weeks}
    for breach in breaches:
        week = index.of(breach["raised_at"])
        incident_id = breach["incident_id"]
        found[week].append(
            attribute(
                breach,
                holds.get(incident_id, []),
                assignments.get(incident_id, []),
                # As the week stood at its end: a contract breached after it is not in it.
                [uc for raised_at, uc in uc_breaches.get(incident_id, []) if raised_at < week.end],
                until=week.end,
            )
        )
    return found


def attribute(breach: dict, holds: list, assignments: list, uc_breaches: list, until: datetime) -> dict:
    """The legs of one breached SLA clock and the time it waited on others. Time before the first
    assignment is the regie party's triage; the shares add up to 100%. The time on hold is not in the
    legs: it is listed per party waited on (None: the reporter), business time in the clock's calendar."""
    end = min(breach["stopped_at"] or until, until)
    if breach["target"] == SlaEvent.Target.RESPONSE and breach["responded_at"]:
        end = min(end, breach["responded_at"])
    engine = engine_for_json(breach["calendar_json"])
    started_at = breach["started_at"]

    def business_time(start, stop):
        return engine.elapsed(start, stop) - time_on_hold(engine, holds, start, stop)

    minutes: dict[str, float] = {}
    for assignment in assignments:
        leg_start, leg_end = max(assignment["started_at"], started_at), min(assignment["ended_at"] or end, end)
        if leg_end > leg_start:
            name = assignment["party__name"]
            minutes[name] = minutes.get(name, 0) + business_time(leg_start, leg_end).total_seconds() / 60
    total = business_time(started_at, end).total_seconds() / 60
    triage = total - sum(minutes.values())
    if triage > 0.05:
        minutes[_("%(party)s (triage)") % {"party": breach["party"]}] = triage
    waited: dict[str | None, timedelta] = {}  # party name waited on (None: the reporter) -> business time
    for hold in holds:
        hold_start, hold_end = max(hold.started_at, started_at), min(hold.ended_at or end, end)
        if hold.waiting_for in CHARGED and hold_end > hold_start:
            waited[hold.party] = waited.get(hold.party, timedelta(0)) + engine.elapsed(hold_start, hold_end)
    return {
        "incident": breach["reference"],
        "priority": breach["priority"],
        "component": breach["component"],
        "agreement": breach["agreement"],
        "target": breach["target"],
        "raised_at": breach["raised_at"].isoformat(),
        "total_minutes": round(total, 1),
        "working_day_minutes": working_day_minutes_for_json(breach["calendar_json"]),
        "legs": [
            {"party": party, "minutes": round(held, 1), "share_percent": round(100 * held / total, 1) if total else 0}
            for party, held in sorted(minutes.items(), key=lambda item: -item[1])
        ],
        "waited_on": [
            {"party": party, "minutes": round(time.total_seconds() / 60, 1)}
            for party, time in sorted(waited.items(), key=lambda item: (item[0] is None, item[0] or ""))
            if time
        ],
        "uc_breaches": uc_breaches,
    }
