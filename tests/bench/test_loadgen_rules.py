"""generate_load writes only what the portal could have written: status paths of the workflow's table, due
times and breach states as incidents.clocks reads them, warnings and breaches at the instant the calendar
engine says the clock reached 75% / 100%, and reopenings after the confirmation hold."""

import itertools
import random
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection

from bench.loadgen import generate
from bench.loadgen.business_time import BusinessTime
from changes.models import ChangeRequest, ChangeStatus
from changes.workflow import CHANGE_WORKFLOW
from incidents.clocks import engine_for, time_on_hold
from incidents.models import HoldPeriod, Incident, SlaClock, SlaEvent, Status
from incidents.services.clock_keeping import clock_summary
from incidents.workflow import INCIDENT_WORKFLOW
from parties.calendars import BusinessCalendar

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
CHANGE_MOVES_ALLOWED = {(source, t.target) for t in CHANGE_WORKFLOW.transitions.values() for source in t.sources}
MOVES = {(source, t.target) for t in INCIDENT_WORKFLOW.transitions.values() for source in t.sources}


@pytest.mark.parametrize(
    "engine",
    [
        BusinessCalendar.office_hours(),
        BusinessCalendar("Europe/Amsterdam", [[(time(7), time(0))]] * 5 + [[(time(9), time(13))], []], "NL"),
        BusinessCalendar.always_open_calendar(),
    ],
    ids=["office", "evenings", "24x7"],
)
def test_business_time_is_the_engines(engine):
    first = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
    table = BusinessTime(engine, first)
    rng = random.Random(4)
    for _ in range(3000):
        start = first + 86400 + rng.randrange(700 * 86400)
        seconds = rng.choice([0, 60, 2700, 32400, rng.randrange(1, 40 * 86400)])
        moment = datetime.fromtimestamp(start, UTC)
        assert table.add(start, seconds) == engine.add(moment, timedelta(seconds=seconds)).timestamp()
        end = start + rng.randrange(60 * 86400)
        expected = engine.elapsed(moment, datetime.fromtimestamp(end, UTC))
        assert table.elapsed(start, end) == expected.total_seconds()


@pytest.fixture
def generated(demo_chain):
    generate(incidents=2000, changes=0, seed=11, years=1, now=NOW)
    return Incident.objects.all()


def _ran(clock, holds, end):
    engine = engine_for(clock)
    return engine.elapsed(clock.started_at, end) - time_on_hold(engine, holds, clock.started_at, end)


@pytest.mark.long_running
@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="generate_load needs PostgreSQL")
def test_generated_incidents_obey_the_workflow_and_the_clocks(generated):
    histories = defaultdict(list)
    for row in Incident.history.order_by("history_date", "history_id").values("id", "status", "history_date"):
        histories[row["id"]].append(row)
    holds = defaultdict(list)
    for hold in HoldPeriod.objects.all():
        holds[hold.incident_id].append(hold)
    clocks = defaultdict(list)
    for clock in SlaClock.objects.order_by("pk"):
        clocks[clock.incident_id].append(clock)
    events = {(e.clock_id, e.target, e.kind): e.raised_at for e in SlaEvent.objects.all()}
    statuses, checked_events, reopened = set(), 0, 0

    for incident in generated:
        steps = [row["status"] for row in histories[incident.pk]]
        assert steps[0] == Status.NEW, incident.reference
        for before, after in itertools.pairwise(steps):
            assert before == after or (before, after) in MOVES, (incident.reference, steps)
        assert steps[-1] == incident.status
        statuses.add(incident.status)

        worst, due, _alarms = clock_summary(clocks[incident.pk], holds[incident.pk], NOW)
        assert (incident.breach_state, incident.due_at) == (worst, due), incident.reference

        for clock in clocks[incident.pk]:
            for target, minutes, met in (
                (SlaEvent.Target.RESPONSE, clock.response_minutes, clock.responded_at),
                (
                    SlaEvent.Target.RESOLUTION,
                    clock.resolution_minutes,
                    clock.stopped_at if clock.stop_reason == SlaClock.StopReason.RESOLVED else None,
                ),
            ):
                end = met or clock.stopped_at or NOW
                ran = _ran(clock, holds[incident.pk], end)
                for kind, share in ((SlaEvent.Kind.WARNING, 0.75), (SlaEvent.Kind.BREACH, 1)):
                    limit = timedelta(minutes=minutes) * share
                    raised = events.get((clock.pk, target, kind))
                    if ran > limit:
                        assert raised is not None, (incident.reference, target, kind)
                        assert _ran(clock, holds[incident.pk], raised) == limit
                        assert _ran(clock, holds[incident.pk], raised - timedelta(seconds=1)) < limit
                        checked_events += 1
                    elif ran < limit:
                        assert raised is None, (incident.reference, target, kind)

        reopenings = [n for n, (a, b) in enumerate(itertools.pairwise(steps)) if (a, b) == ("resolved", "reopened")]
        for number in reopenings:
            reopened_at = histories[incident.pk][number + 1]["history_date"]
            confirmation = [h for h in holds[incident.pk] if h.waiting_for == HoldPeriod.WaitingFor.CONFIRMATION]
            assert any(h.ended_at == reopened_at and h.started_at < reopened_at for h in confirmation)
            reopened += 1

    assert {Status.CLOSED, Status.CANCELLED, Status.IN_PROGRESS} <= statuses
    assert checked_events > 100
    assert reopened > 10


@pytest.mark.long_running
@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="generate_load needs PostgreSQL")
def test_generated_changes_follow_the_change_workflow(demo_chain):
    generate(incidents=0, changes=1500, seed=11, years=1, now=NOW)

    histories = defaultdict(list)
    for change_id, status in ChangeRequest.history.order_by("history_date", "history_id").values_list("id", "status"):
        histories[change_id].append(status)
    assert len(histories) == 1500
    for steps in histories.values():
        assert steps[0] == ChangeStatus.DRAFT
        for before, after in itertools.pairwise(steps):
            assert (before, after) in CHANGE_MOVES_ALLOWED, steps
