"""A clock's row per week: the clock as it stood at the end of each week it started or decided a target in, kept by
the writes and written again from the history alike."""

import pytest

from core.weeks import Week
from incidents import services
from incidents.clock_weeks import FIGURES, IDENTITY, fill_from_history
from incidents.models import ClockWeek, SlaClock
from tests.timetravel import local

pytestmark = pytest.mark.django_db

FIRST, SECOND = Week.from_label("2026-W13"), Week.from_label("2026-W14")


def sla_weeks(incident) -> dict:
    clock = incident.clocks.get(scope=SlaClock.Scope.SLA)
    return {
        row["week"]: {name: row[name] for name in FIGURES}
        for row in ClockWeek.objects.filter(clock=clock).values("week", *FIGURES)
    }


def test_a_week_keeps_the_clock_as_it_stood_at_its_end_and_a_later_week_does_not_touch_it(
    file_incident, route, demo_user, at
):
    kpn = demo_user("kpn")
    with at(2026, 3, 23, 9, 0):  # Monday; P3: 240 business minutes to respond, 2700 to resolve
        incident = file_incident(impact="medium", urgency="medium")
    with at(2026, 3, 23, 9, 30):
        route(incident, "kpn")
    with at(2026, 3, 23, 10, 0):
        services.incident_acknowledge(actor=kpn, incident=incident)
    with at(2026, 3, 24, 10, 0):
        services.incident_resolve(actor=kpn, incident=incident, resolution_code="fixed", resolution="Opgelost")
    resolved = sla_weeks(incident)[FIRST.monday]
    assert resolved["resolution_met"] is True
    with at(2026, 3, 25, 10, 0):  # reopened in the same week: the week no longer counts a resolution
        services.incident_reopen(actor=demo_user("ggd"), incident=incident, reason="Nog steeds fout")
    assert sla_weeks(incident) == {
        FIRST.monday: {
            "received": True,
            "response_met": True,
            "acknowledged_after": local(2026, 3, 23, 10, 0) - local(2026, 3, 23, 9, 0),
            "resolution_met": None,
        }
    }
    with at(2026, 4, 3, 16, 0):  # resolved the week after, past the 2700 business minutes
        services.incident_acknowledge(actor=kpn, incident=incident)
        services.incident_resolve(actor=kpn, incident=incident, resolution_code="fixed", resolution="Nu echt")
    weeks = sla_weeks(incident)
    assert weeks[SECOND.monday] == {
        "received": False,
        "response_met": None,
        "acknowledged_after": None,
        "resolution_met": False,
    }
    assert weeks[FIRST.monday]["resolution_met"] is None


def test_the_rows_written_again_from_the_history_are_those_the_writes_kept(demo_snapshot, db):
    demo_snapshot.restore()
    kept = set(ClockWeek.objects.values_list("clock_id", "week", *FIGURES, *IDENTITY))
    assert len(kept) > 80
    assert {row[3] for row in kept} >= {True, False}  # responses met and missed
    assert {row[5] for row in kept} >= {True, False}  # resolutions met and missed
    clocks = {clock.pk: clock for clock in SlaClock.objects.all()}
    # Each row carries its clock's own.
    assert all(row[6:] == tuple(getattr(clocks[row[0]], name) for name in IDENTITY) for row in kept)
    ClockWeek.objects.all().delete()
    assert fill_from_history() == len(kept)
    assert set(ClockWeek.objects.values_list("clock_id", "week", *FIGURES, *IDENTITY)) == kept
