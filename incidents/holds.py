"""Time on hold per party: each hold is the party's that held the incident when it was put on hold (the party it
was assigned to then, whose own contract clock the hold paused; only that party's operators may put an incident
on hold, and a reassignment ends the hold). Holds for the reporter's confirmation of a resolution are left out:
the incident was resolved, not on hold, and that hold is recorded only when the incident is reopened.

The weekly report's figures and the incident list's filter read the same holds (`held_in`), so the list a
figure links to holds exactly the incidents it counts."""

from django.db.models import Exists, OuterRef, Q, Subquery

from .models import Assignment, HoldPeriod

COUNTED = (HoldPeriod.WaitingFor.REPORTER, HoldPeriod.WaitingFor.PARTY)


def _holding_assignment():
    """The assignment the incident was in when the hold started."""
    started = OuterRef("started_at")
    return Assignment.objects.filter(incident_id=OuterRef("incident_id"), started_at__lte=started).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=started)
    )


def held_in(start, end, party_slug: str | None = None):
    """The holds (reporter or other party) that overlap [start, end), with the slug and name of the party that
    held the incident (`held_by`, `held_by_name`); only that party's when `party_slug` is given."""
    holds = HoldPeriod.objects.filter(waiting_for__in=COUNTED)
    if end is not None:
        holds = holds.filter(started_at__lt=end)
    if start is not None:
        holds = holds.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
    if party_slug:
        holds = holds.filter(Exists(_holding_assignment().filter(party__slug=party_slug)))
    holding = _holding_assignment().order_by("-started_at")
    return holds.annotate(
        held_by=Subquery(holding.values("party__slug")[:1]),
        held_by_name=Subquery(holding.values("party__name")[:1]),
    )
