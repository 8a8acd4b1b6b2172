"""Warnings and breaches are recorded when a clock stops, dated when they were crossed, never twice.

P3 on office hours (Mon–Fri 08–17): the chain SLA answers within 240 business minutes (warning at
180), JustID's contract within 180 (warning at 135). P1 on 24×7: the SLA resolves within 240 minutes.
"""

from incidents import services
from incidents.models import SlaEvent
from parties.models import Party
from tests.timetravel import local


def _events(incident):
    return sorted(
        (event.clock.scope, event.target, event.kind, event.raised_at)
        for event in SlaEvent.objects.filter(clock__incident=incident).select_related("clock")
    )


def _file(demo_user, component, impact="medium", urgency="medium"):
    return services.incident_file(
        actor=demo_user("ggd"), title="Certificaatfout", component=component("hsm"), impact=impact, urgency=urgency
    )


def test_a_response_met_late_records_the_crossed_thresholds_dated_when_crossed(demo_user, component, at):
    with at(2026, 3, 2, 9, 0):
        incident = _file(demo_user, component)
    with at(2026, 3, 2, 9, 10):
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="justid"), reason="HSM"
        )
    with at(2026, 3, 2, 12, 30):  # no periodic check ran in between
        services.incident_acknowledge(actor=demo_user("justid"), incident=incident)
    with at(2026, 3, 2, 12, 35):
        assert services.check_sla_clocks() == []  # never twice
    assert _events(incident) == [
        ("sla", "response", "warning", local(2026, 3, 2, 12, 0)),  # met at 210 of 240 minutes: a warning only
        ("uc", "response", "breach", local(2026, 3, 2, 12, 10)),
        ("uc", "response", "warning", local(2026, 3, 2, 11, 25)),
    ]


def test_a_clock_transferred_past_its_warning_records_the_warning(demo_user, component, at):
    with at(2026, 3, 2, 9, 0):
        incident = _file(demo_user, component)
    with at(2026, 3, 2, 9, 10):
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="justid"), reason="HSM"
        )
    with at(2026, 3, 2, 11, 40):
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Hosting"
        )
    assert ("uc", "response", "warning", local(2026, 3, 2, 11, 25)) in _events(incident)
    assert ("uc", "response", "breach") not in {event[:3] for event in _events(incident)}


def test_a_breach_recorded_late_is_dated_at_the_crossing_after_a_hold(demo_user, component, at):
    with at(2026, 3, 6, 9, 0):  # P1, 24×7: resolution within 240 minutes
        incident = _file(demo_user, component, impact="high", urgency="high")
    with at(2026, 3, 6, 9, 5):
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="cibg"), reason="Zelf"
        )
        services.incident_acknowledge(actor=demo_user("cibg"), incident=incident)
    with at(2026, 3, 6, 10, 0):
        services.incident_hold(actor=demo_user("cibg"), incident=incident, waiting_for="reporter", reason="Regio?")
    with at(2026, 3, 6, 11, 0):
        services.incident_reply(actor=demo_user("ggd"), incident=incident, body="Utrecht")
    with at(2026, 3, 6, 16, 0):
        services.incident_resolve(actor=demo_user("cibg"), incident=incident, resolution_code="fixed", resolution="Ok")
    sla = {event[1:3]: event[3] for event in _events(incident) if event[0] == "sla"}
    # 240 minutes plus the hour on hold: 14:00; the warning at 180 minutes plus the hour: 13:00.
    assert sla[("resolution", "breach")] == local(2026, 3, 6, 14, 0)
    assert sla[("resolution", "warning")] == local(2026, 3, 6, 13, 0)


def test_an_incident_on_hold_past_three_quarters_shows_the_warning(demo_user, component, at):
    with at(2026, 3, 6, 9, 0):
        incident = _file(demo_user, component, impact="high", urgency="high")
    with at(2026, 3, 6, 9, 5):
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="cibg"), reason="Zelf"
        )
        services.incident_acknowledge(actor=demo_user("cibg"), incident=incident)
    with at(2026, 3, 6, 12, 10):  # 190 of 240 minutes used
        services.incident_hold(actor=demo_user("cibg"), incident=incident, waiting_for="reporter", reason="Regio?")
    with at(2026, 3, 6, 15, 0):
        services.check_sla_clocks()
    incident.refresh_from_db()
    assert incident.breach_state == "warning"
