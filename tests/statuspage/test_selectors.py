"""The public state of components: the rule (P1 outage, P2 less well), the day history and the state changes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import services as incident_services
from majorincidents import services as major_services
from parties.models import Component
from statuspage.selectors import (
    Disruption,
    State,
    daily_states,
    history_days,
    state_at,
    state_changes,
    status_overview,
)
from tests.factories import ChangeFactory, IncidentFactory, scheduled
from tests.timetravel import local

# --- the derivation, without a database --------------------------------------------------------------------


def test_the_worst_period_covering_a_moment_gives_the_state():
    periods = [
        Disruption(1, State.DEGRADED, local(2026, 3, 2, 10, 0), local(2026, 3, 2, 14, 0)),
        Disruption(1, State.OUTAGE, local(2026, 3, 2, 11, 0), local(2026, 3, 2, 12, 0)),
    ]
    assert state_at(periods, local(2026, 3, 2, 9, 59)) == State.OPERATIONAL
    assert state_at(periods, local(2026, 3, 2, 10, 30)) == State.DEGRADED
    assert state_at(periods, local(2026, 3, 2, 11, 30)) == State.OUTAGE
    # A period ends at its end: the moment of resolution is operational again.
    assert state_at(periods, local(2026, 3, 2, 14, 0)) == State.OPERATIONAL


def test_overlapping_periods_give_one_state_change_each_time_the_worst_state_changes():
    periods = [
        Disruption(1, State.DEGRADED, local(2026, 3, 2, 10, 0), local(2026, 3, 2, 14, 0)),
        Disruption(1, State.OUTAGE, local(2026, 3, 2, 11, 0), local(2026, 3, 2, 12, 0)),
        Disruption(1, State.DEGRADED, local(2026, 3, 2, 13, 0), None),
    ]
    changes = [(change.at.hour, change.state) for change in state_changes(periods, 1, "App op iPhone")]
    assert changes == [(10, State.DEGRADED), (11, State.OUTAGE), (12, State.DEGRADED)]


def test_each_day_takes_the_worst_state_of_the_periods_touching_it_in_the_service_time_zone():
    days = history_days(date(2026, 3, 10), count=10)
    assert (days[0], days[-1]) == (date(2026, 3, 1), date(2026, 3, 10))
    periods = [
        Disruption(1, State.DEGRADED, local(2026, 3, 3, 10, 0), local(2026, 3, 5, 12, 0)),
        Disruption(1, State.OUTAGE, local(2026, 3, 4, 9, 0), local(2026, 3, 4, 11, 0)),
        # Late at night in Amsterdam (the previous day in UTC) until just after midnight.
        Disruption(1, State.OUTAGE, local(2026, 3, 7, 0, 30), local(2026, 3, 7, 1, 0)),
        # Begun before the history and still going on.
        Disruption(1, State.DEGRADED, local(2026, 2, 1, 8, 0), None),
    ]
    states = daily_states(periods[:3], days, now=local(2026, 3, 10, 12, 0))
    assert dict(zip(days, states, strict=True)) == {
        date(2026, 3, 1): State.OPERATIONAL,
        date(2026, 3, 2): State.OPERATIONAL,
        date(2026, 3, 3): State.DEGRADED,
        date(2026, 3, 4): State.OUTAGE,
        date(2026, 3, 5): State.DEGRADED,
        date(2026, 3, 6): State.OPERATIONAL,
        date(2026, 3, 7): State.OUTAGE,
        date(2026, 3, 8): State.OPERATIONAL,
        date(2026, 3, 9): State.OPERATIONAL,
        date(2026, 3, 10): State.OPERATIONAL,
    }
    assert daily_states(periods[3:], days, now=local(2026, 3, 10, 12, 0)) == [State.DEGRADED] * 10


# --- from the records ---------------------------------------------------------------------------------------


def component_status(overview, slug):
    pk = Component.objects.get(slug=slug).pk
    return next(component for group in overview.groups for component in group.components if component.pk == pk)


def test_an_open_p1_is_an_outage_a_p2_degrades_and_a_p3_changes_nothing(demo_chain, at):
    with at(2026, 3, 2, 9, 0):
        outage = IncidentFactory(component=Component.objects.get(slug="hsm"), impact="high", urgency="high")
        IncidentFactory(component=Component.objects.get(slug="ios-app"), impact="high", urgency="medium")
        IncidentFactory(component=Component.objects.get(slug="website"), impact="medium", urgency="medium")
    assert (outage.priority, outage.is_open) == ("P1", True)
    with at(2026, 3, 2, 10, 0):
        overview = status_overview()
    assert component_status(overview, "hsm").state == State.OUTAGE
    assert component_status(overview, "hsm").since == outage.reported_at
    assert component_status(overview, "ios-app").state == State.DEGRADED
    assert component_status(overview, "website").state == State.OPERATIONAL
    assert overview.state == State.OUTAGE
    assert [component.public_name for component in overview.disrupted] == [
        "Beveiligde sleutels en certificaten",
        "App op iPhone",
    ]
    coronamelder = next(group for group in overview.groups if group.name == "CoronaMelder")
    assert coronamelder.state == State.OUTAGE


def test_a_resolved_outage_is_operational_again_and_stays_in_the_history_of_its_days(demo_chain, at, demo_user):
    hsm = Component.objects.get(slug="hsm")
    with at(2026, 3, 2, 9, 0):
        incident = IncidentFactory(
            component=hsm, impact="high", urgency="high", assigned_to="justid", acknowledged=True
        )
        duplicate = IncidentFactory(component=hsm, impact="high", urgency="high")
    with at(2026, 3, 2, 9, 30):
        incident_services.incident_cancel_duplicate(
            actor=demo_user("cibg"), incident=duplicate, duplicate_of=incident, reason="Zelfde storing"
        )
    with at(2026, 3, 3, 15, 0):
        incident_services.incident_resolve(
            actor=demo_user("justid"), incident=incident, resolution_code="fixed", resolution="Certificaat vernieuwd"
        )
    with at(2026, 3, 10, 12, 0):
        overview = status_overview()
    status = component_status(overview, "hsm")
    assert status.state == State.OPERATIONAL
    assert len(status.days) == 90
    assert status.days[-1].day == date(2026, 3, 10)
    assert [(cell.day, cell.state) for cell in status.disrupted_days] == [
        (date(2026, 3, 2), State.OUTAGE),
        (date(2026, 3, 3), State.OUTAGE),
    ]
    assert [(change.state, change.at) for change in overview.changes] == [
        (State.OPERATIONAL, local(2026, 3, 3, 15, 0)),
        (State.OUTAGE, local(2026, 3, 2, 9, 0)),
    ]


def test_the_history_costs_the_same_few_queries_however_many_incidents_and_days(demo_chain, at, demo_user):
    for day in range(1, 20, 3):
        with at(2026, 2, day, 9, 0):
            IncidentFactory(component=Component.objects.get(slug="hsm"), impact="high", urgency="high")
            report = IncidentFactory(component=Component.objects.get(slug="ios-app"), impact="high", urgency="medium")
            major = major_services.major_declare(
                actor=demo_user("cibg"),
                incident=report,
                coordinator=demo_user("cibg"),
                public_title=f"Storing {day}",
                reason="Groot",
            )
            for text in ("Eerste bericht", "Tweede bericht"):
                major_services.major_post_update(
                    actor=demo_user("cibg"), major=major, kind="ad_hoc", audiences=["public"], public_text=text
                )
    with at(2026, 3, 10, 12, 0):
        with CaptureQueriesContext(connection) as queries:
            overview = status_overview()
    # Components, the disruptions of 90 days (incidents, major incidents), the maintenance and its components, the
    # current major incidents with their updates and reports: never a query per day.
    assert len(queries) <= 8
    assert len(component_status(overview, "hsm").disrupted_days) > 7
    assert len(overview.major_incidents) == 7


@pytest.fixture
def maintenance(at):
    """`maintenance(start, level)`: a change on the backend infrastructure, approved and planned at `start` (2 h)."""

    def schedule(start, level="low"):
        with at(2026, 3, 1, 9, 0):
            return scheduled(ChangeFactory(proposed_start=start), level)

    return schedule


def test_maintenance_in_the_next_14_days_shows_when_what_and_what_citizens_notice(demo_chain, at, maintenance):
    soon = maintenance(local(2026, 3, 5, 22, 0), "medium")
    maintenance(local(2026, 3, 20, 22, 0))  # beyond the 14 days
    assert soon.status == "scheduled"
    with at(2026, 3, 2, 12, 0):
        overview = status_overview()
    [item] = overview.maintenance
    assert item.notice.components == ["Servers en netwerk"]
    assert (item.notice.starts_at, item.notice.ends_at) == (local(2026, 3, 5, 22, 0), local(2026, 3, 6, 0, 0))
    assert str(item.phrase) == "Het onderdeel kan kort of voor een deel van de gebruikers minder goed werken."


def test_maintenance_is_no_outage(demo_chain, at, maintenance):
    maintenance(local(2026, 3, 2, 11, 0))
    with at(2026, 3, 2, 12, 0):
        overview = status_overview()
    assert overview.maintenance[0].notice.in_progress is False
    assert component_status(overview, "infrastructuur").state == State.OPERATIONAL
    assert overview.changes == ()
