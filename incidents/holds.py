"""Time on hold per party waited on: a hold waiting for a named party is that party's (`waiting_for_party`), a
hold waiting for the reporter is the reporter's. Holds for the reporter's confirmation of a resolution and holds
while a report follows a known outage are nobody's: the first is recorded only when the reporter rejects the
resolution (the chain's resolution did not hold, she was not asked to act), the second is the outage itself,
measured on the outage.

The weekly report's figures and the incident list's filter read the same holds (`waited_on_in`), so the list a
figure links to holds exactly the incidents it counts."""

from django.db.models import Q

from .models import HoldPeriod

REPORTER = "reporter"  # the `waited_on` value for holds waiting for the reporter; any other value is a party slug
CHARGED = (HoldPeriod.WaitingFor.REPORTER, HoldPeriod.WaitingFor.PARTY)


def waited_on_in(start, end, waited_on: str | None = None):
    """The holds waiting for the reporter or a named party that overlap [start, end); only the reporter's when
    `waited_on` is REPORTER, only those waiting for the party with that slug when it is a slug."""
    holds = HoldPeriod.objects.filter(waiting_for__in=CHARGED)
    if end is not None:
        holds = holds.filter(started_at__lt=end)
    if start is not None:
        holds = holds.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
    if waited_on == REPORTER:
        holds = holds.filter(waiting_for=HoldPeriod.WaitingFor.REPORTER)
    elif waited_on:
        holds = holds.filter(waiting_for=HoldPeriod.WaitingFor.PARTY, waiting_for_party__slug=waited_on)
    return holds
