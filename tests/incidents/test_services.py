from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import ConcurrentUpdate, TransitionNotAllowed
from incidents import services
from incidents.clocks import ClockState, read_clock
from incidents.models import HoldPeriod, Incident, IncidentUpdate, SlaClock, SlaEvent, Status, priority_for
from incidents.selectors import incident_for_page, timeline
from parties import services as parties_services
from parties.models import AgreementTarget, Party, Priority, Role
from tests.factories import IncidentFactory
from tests.timetravel import local


def file_hsm_incident(demo_user, component, impact="medium", urgency="medium"):
    return services.incident_file(
        actor=demo_user("ggd"),
        title="Certificaatfout bij inloggen GGD-portaal",
        description="Sinds vanochtend krijgen collega's een certificaatmelding.",
        component=component("hsm"),
        impact=impact,
        urgency=urgency,
    )


@pytest.mark.parametrize(
    ("impact", "urgency", "priority"),
    [
        ("high", "high", "P1"),
        ("high", "medium", "P2"),
        ("medium", "high", "P2"),
        ("high", "low", "P3"),
        ("low", "high", "P3"),
        ("medium", "medium", "P3"),
        ("medium", "low", "P4"),
        ("low", "low", "P4"),
    ],
)
def test_priority_follows_impact_and_urgency(impact, urgency, priority):
    assert priority_for(impact, urgency) == priority


def test_filing_gives_a_reference_and_starts_the_chain_sla_clock(demo_user, component, at):
    with at(2026, 3, 6, 10, 0):
        incident = file_hsm_incident(demo_user, component)
    assert incident.reference == "INC-2026-000001"
    assert incident.status == Status.NEW
    assert incident.priority == Priority.P3
    assert incident.reporter_party.slug == "ggd-ghor"
    (clock,) = incident.clocks.all()
    assert (clock.scope, clock.agreement_reference, clock.party.slug) == ("sla", "SLA-VWS-CIBG", "cibg")
    assert (clock.response_minutes, clock.resolution_minutes) == (240, 2700)
    assert incident.history.first().history_user.username == "ggd"


def test_someone_of_two_parties_files_for_the_first_by_kind_and_name(demo_user, component, party, at):
    reporter = demo_user("ggd")
    with at(2026, 3, 6, 9, 0):
        parties_services.role_assign(
            actor=demo_user("beheerder"),
            reason="Ook operator bij KPN",
            user=reporter,
            party=party("kpn"),
            role=Role.OPERATOR,
            valid_from=local(2026, 3, 6, 9, 0).date(),
        )
    with at(2026, 3, 6, 10, 0):
        incident = file_hsm_incident(demo_user, component)
    assert incident.reporter_party.slug == "kpn"  # an operator party comes before a user organisation


def test_filing_records_the_incident_once_with_its_due_time_and_its_clock(demo_user, component, at):
    with at(2026, 3, 6, 10, 0):
        incident = file_hsm_incident(demo_user, component)
    (record,) = incident.history.all()
    assert (record.history_type, record.history_change_reason) == ("+", "Incident gemeld")
    # P3 at CIBG: 45 business hours, five office days of 9 hours from Friday 10:00: the next Friday at 10:00.
    assert record.due_at == incident.due_at == local(2026, 3, 13, 10, 0)
    assert record.breach_state == "ok"
    (clock,) = incident.clocks.all()
    (clock_record,) = clock.history.all()
    assert clock_record.history_change_reason == "Klok gestart volgens SLA-VWS-CIBG"
    assert clock_record.incident_id == incident.pk


def test_hold_spanning_a_weekend_and_a_reassignment(demo_user, component, at):
    """Fri 10:00 filed (P3: 45 business hours), on hold Fri 15:00 until the reporter answers
    Mon 10:00: 4 business hours on hold, so the SLA is due 49 business hours after filing."""
    with at(2026, 3, 6, 10, 0):
        incident = file_hsm_incident(demo_user, component)
    with at(2026, 3, 6, 10, 30):
        services.incident_assign(
            actor=demo_user("cibg"),
            incident=incident,
            party=Party.objects.get(slug="justid"),
            reason="HSM ligt bij JustID",
        )
    with at(2026, 3, 6, 11, 0):
        services.incident_acknowledge(actor=demo_user("justid"), incident=incident)
    with at(2026, 3, 6, 15, 0):
        services.incident_hold(
            actor=demo_user("justid"), incident=incident, waiting_for="reporter", reason="Welke browser gebruikt u?"
        )
    incident.refresh_from_db()
    assert incident.status == Status.ON_HOLD
    assert incident.due_at is None  # paused: no due time while waiting
    with at(2026, 3, 9, 10, 0):
        services.incident_reply(actor=demo_user("ggd"), incident=incident, body="Edge, versie 130.")
    incident.refresh_from_db()
    assert incident.status == Status.IN_PROGRESS
    assert incident.due_at == local(2026, 3, 13, 14, 0)

    with at(2026, 3, 9, 11, 0):
        services.incident_assign(
            actor=demo_user("cibg"),
            incident=incident,
            party=Party.objects.get(slug="kpn"),
            reason="Oorzaak ligt in de hosting",
        )
    clocks = {(clock.party.slug, clock.scope): clock for clock in incident.clocks.all()}
    assert set(clocks) == {("cibg", "sla"), ("justid", "uc"), ("kpn", "uc")}
    assert clocks[("justid", "uc")].stop_reason == SlaClock.StopReason.TRANSFERRED
    assert clocks[("kpn", "uc")].started_at == local(2026, 3, 9, 11, 0)
    assert clocks[("cibg", "sla")].stopped_at is None
    holds = list(incident.hold_periods.all())
    response, resolution = read_clock(clocks[("justid", "uc")], holds, local(2026, 3, 9, 12, 0))
    assert response.state == ClockState.MET
    assert resolution.state == ClockState.STOPPED
    # JustID held it Fri 10:30–17:00 and Mon 08:00–11:00 minus 4 hours waiting for the reporter.
    assert resolution.elapsed == timedelta(hours=5, minutes=30)
    assert resolution.paused == timedelta(hours=4)


def test_a_breached_incident_is_held_without_a_query_per_threshold_it_passed(demo_user, at):
    with at(2026, 3, 2, 9, 0):
        incident = IncidentFactory(assigned_to="kpn", acknowledged=True)
    with at(2026, 3, 20, 9, 0):
        services.check_sla_clocks()  # weeks later: both clocks past their warnings and breaches
        assert SlaEvent.objects.filter(clock__incident=incident).count() >= 4
        with CaptureQueriesContext(connection) as queries:
            services.incident_hold(actor=demo_user("kpn"), incident=incident, waiting_for="reporter", reason="Welke?")
    assert len([query for query in queries if '"incidents_slaevent"' in query["sql"]]) == 1


def test_operator_public_reply_acknowledges_and_meets_the_response(demo_user, component, at):
    with at(2026, 3, 2, 9, 0):
        incident = file_hsm_incident(demo_user, component)
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="justid"), reason="Naar JustID"
        )
    with at(2026, 3, 2, 9, 20):
        services.incident_reply(actor=demo_user("justid"), incident=incident, body="We kijken ernaar.")
    incident.refresh_from_db()
    assert incident.status == Status.IN_PROGRESS
    assert all(clock.responded_at == local(2026, 3, 2, 9, 20) for clock in incident.clocks.all())


def test_illegal_transition_is_refused_and_changes_nothing(demo_user, component, at):
    incident = file_hsm_incident(demo_user, component)
    before = (incident.status, incident.version, incident.history.count())
    with pytest.raises(TransitionNotAllowed, match="Oplossen"):
        services.incident_resolve(
            actor=demo_user("cibg"), incident=incident, resolution_code="fixed", resolution="Klaar"
        )
    incident.refresh_from_db()
    assert (incident.status, incident.version, incident.history.count()) == before


def test_stale_version_is_a_conflict(demo_user, component):
    incident = file_hsm_incident(demo_user, component)
    seen = incident.version
    services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="kpn"), reason="Naar KPN"
    )
    with pytest.raises(ConcurrentUpdate):
        services.incident_triage(
            actor=demo_user("cibg"), incident=incident, impact="high", urgency="high", version=seen
        )


def test_priority_override_needs_a_reason_and_retargets_the_clocks(demo_user, component):
    incident = file_hsm_incident(demo_user, component)
    with pytest.raises(ValidationError) as error:
        services.incident_triage(
            actor=demo_user("cibg"), incident=incident, impact="medium", urgency="medium", priority="P1"
        )
    assert "reason" in error.value.message_dict
    services.incident_triage(
        actor=demo_user("cibg"),
        incident=incident,
        impact="medium",
        urgency="medium",
        priority="P1",
        reason="Landelijke storing verwacht",
    )
    incident.refresh_from_db()
    assert incident.priority == "P1"
    assert incident.is_major
    clock = incident.clocks.get()
    assert (clock.priority, clock.response_minutes, clock.resolution_minutes) == ("P1", 15, 240)
    assert clock.calendar_snapshot["always_open"] is True
    assert "Landelijke storing verwacht" in incident.history.first().history_change_reason


def test_later_agreement_edits_do_not_rewrite_a_running_clock(demo_user, component, at):
    with at(2026, 3, 2, 9, 0):
        incident = file_hsm_incident(demo_user, component)
    target = AgreementTarget.objects.get(agreement__reference="SLA-VWS-CIBG", priority="P3")
    with at(2026, 3, 3, 9, 0):
        target.resolution_minutes = 600
        target._change_reason = "Nieuwe norm"
        target.save()
        services.incident_triage(actor=demo_user("cibg"), incident=incident, impact="high", urgency="low")
    clock = incident.clocks.get()
    assert clock.resolution_minutes == 2700


def test_reporter_cannot_work_the_incident(demo_user, component):
    incident = file_hsm_incident(demo_user, component)
    with pytest.raises(PermissionDenied):
        services.incident_assign(
            actor=demo_user("ggd"), incident=incident, party=Party.objects.get(slug="kpn"), reason="zelf doen"
        )
    with pytest.raises(PermissionDenied):
        services.incident_file(
            actor=demo_user("vws"), title="x", component=incident.component, impact="low", urgency="low"
        )


def test_operator_passes_down_its_own_chain_only(demo_user, component):
    incident = file_hsm_incident(demo_user, component)
    services.incident_assign(
        actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="justid"), reason="Naar JustID"
    )
    with pytest.raises(PermissionDenied):
        services.incident_assign(
            actor=demo_user("justid"), incident=incident, party=Party.objects.get(slug="kpn"), reason="KPN?"
        )
    services.incident_assign(
        actor=demo_user("justid"), incident=incident, party=Party.objects.get(slug="cibg"), reason="Terug naar de regie"
    )
    incident.refresh_from_db()
    assert incident.assigned_party.slug == "cibg"


def full_cycle_to_resolved(demo_user, component, at):
    with at(2026, 3, 2, 9, 0):
        incident = file_hsm_incident(demo_user, component)
        services.incident_assign(
            actor=demo_user("cibg"), incident=incident, party=Party.objects.get(slug="justid"), reason="Naar JustID"
        )
        services.incident_acknowledge(actor=demo_user("justid"), incident=incident)
    with at(2026, 3, 2, 14, 0):
        services.incident_resolve(
            actor=demo_user("justid"), incident=incident, resolution_code="fixed", resolution="Certificaat vernieuwd."
        )
    incident.refresh_from_db()
    return incident


def test_reporter_confirms_a_resolution(demo_user, component, at):
    incident = full_cycle_to_resolved(demo_user, component, at)
    assert all(clock.stop_reason == "resolved" for clock in incident.clocks.all())
    services.incident_confirm(actor=demo_user("ggd"), incident=incident)
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED


def test_reopen_counts_the_wait_for_confirmation_as_hold(demo_user, component, at):
    incident = full_cycle_to_resolved(demo_user, component, at)
    with at(2026, 3, 3, 9, 0):
        services.incident_reopen(actor=demo_user("ggd"), incident=incident, reason="Fout is terug")
    incident.refresh_from_db()
    assert (incident.status, incident.reopen_count) == (Status.REOPENED, 1)
    hold = incident.hold_periods.get()
    assert (hold.waiting_for, hold.started_at, hold.ended_at) == (
        HoldPeriod.WaitingFor.CONFIRMATION,
        local(2026, 3, 2, 14, 0),
        local(2026, 3, 3, 9, 0),
    )
    assert incident.clocks.filter(stopped_at__isnull=True).count() == 2
    # Bookkeeping, not a question anybody asked: the reporter's page shows no question for it.
    reporter = demo_user("ggd")
    shown = incident_for_page(reporter, incident.reference)
    assert "Vraag aan u" not in " ".join(entry.text for entry in timeline(shown, reporter))


def test_auto_close_after_five_business_days(demo_user, component, at):
    incident = full_cycle_to_resolved(demo_user, component, at)
    with at(2026, 3, 9, 13, 59):
        assert services.auto_close_resolved() == []
    with at(2026, 3, 9, 14, 0):
        assert services.auto_close_resolved() == [incident.reference]
        assert services.auto_close_resolved() == []
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED
    assert incident.history.first().history_user is None


def test_warning_and_breach_are_raised_once_and_mailed_once(
    demo_user, component, at, mailoutbox, django_capture_on_commit_callbacks
):
    with at(2026, 3, 2, 9, 0):
        incident = file_hsm_incident(demo_user, component)  # P3 SLA: respond within 240 business minutes
    with at(2026, 3, 2, 12, 0), django_capture_on_commit_callbacks(execute=True):
        first = services.check_sla_clocks()
        again = services.check_sla_clocks()
    assert [(event.kind, event.target) for event in first] == [("warning", "response")]
    assert again == []
    assert len(mailoutbox) == 1
    assert "INC-2026-000001" in mailoutbox[0].subject
    assert "po@regie.example" in mailoutbox[0].to
    with at(2026, 3, 2, 13, 0), django_capture_on_commit_callbacks(execute=True):
        breach = services.check_sla_clocks()
    assert [(event.kind, event.target) for event in breach] == [("breach", "response")]
    incident.refresh_from_db()
    assert incident.breach_state == "breached"
    assert len(mailoutbox) == 2


def test_duplicate_cancels_and_links(demo_user, component):
    original = file_hsm_incident(demo_user, component)
    duplicate = file_hsm_incident(demo_user, component)
    services.incident_cancel_duplicate(actor=demo_user("cibg"), incident=duplicate, duplicate_of=original)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CANCELLED
    assert duplicate.duplicate_of == original
    assert not duplicate.clocks.filter(stopped_at__isnull=True).exists()


def test_internal_note_is_not_for_the_reporter(demo_user, component):
    incident = file_hsm_incident(demo_user, component)
    services.incident_reply(
        actor=demo_user("cibg"), incident=incident, body="Intern: HSM-log bekijken", visibility="internal"
    )
    with pytest.raises(PermissionDenied):
        services.incident_reply(actor=demo_user("ggd"), incident=incident, body="mag ik dit?", visibility="internal")
    assert IncidentUpdate.objects.visible_to(demo_user("ggd")).filter(incident=incident).count() == 0
    assert IncidentUpdate.objects.visible_to(demo_user("kpn")).filter(incident=incident).count() == 1
    assert Incident.objects.visible_to(demo_user("dictu")).filter(pk=incident.pk).count() == 0
