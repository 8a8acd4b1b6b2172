"""Two people acting on one incident at the same moment, on separate PostgreSQL connections."""

import pytest

from core.errors import ConcurrentUpdate, TransitionNotAllowed
from incidents import services
from incidents.models import Incident, SlaClock, Status
from tests.concurrency import ON_POSTGRESQL, run_at_once

pytestmark = ON_POSTGRESQL


def split(outcomes):
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    results = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
    return results, errors


def reasons(incident):
    return list(Incident.objects.get(pk=incident.pk).history.values_list("history_change_reason", flat=True))


@pytest.fixture
def assigned(file_incident, route):
    """An HSM incident routed to JustID: both JustID and the regie party (CIBG) may work it."""
    return route(file_incident(component_slug="hsm"), "justid")


def test_two_operators_acknowledging_at_once_one_wins(demo_user, assigned):
    justid, cibg = demo_user("justid"), demo_user("cibg")

    outcomes = run_at_once(
        lambda: services.incident_acknowledge(actor=justid, incident=assigned),
        lambda: services.incident_acknowledge(actor=cibg, incident=assigned),
    )

    results, errors = split(outcomes)
    assert len(results) == 1
    assert [type(error) for error in errors] == [TransitionNotAllowed]
    final = Incident.objects.get(pk=assigned.pk)
    assert (final.status, final.version) == (Status.IN_PROGRESS, assigned.version + 1)
    assert reasons(assigned).count("In behandeling genomen") == 1
    assignment = final.assignments.get()
    assert assignment.acknowledged_at is not None
    assert assignment.history.filter(history_change_reason="In behandeling genomen").count() == 1
    for clock in final.clocks.all():
        assert clock.responded_at == assignment.acknowledged_at
        assert clock.history.filter(history_change_reason="Reactie: in behandeling genomen").count() == 1


def test_two_operators_with_the_same_version_one_gets_a_conflict(demo_user, assigned):
    justid, cibg = demo_user("justid"), demo_user("cibg")
    seen = assigned.version

    outcomes = run_at_once(
        lambda: services.incident_acknowledge(actor=justid, incident=assigned, version=seen),
        lambda: services.incident_acknowledge(actor=cibg, incident=assigned, version=seen),
    )

    results, errors = split(outcomes)
    assert len(results) == 1
    assert [type(error) for error in errors] == [ConcurrentUpdate]
    final = Incident.objects.get(pk=assigned.pk)
    assert (final.status, final.version) == (Status.IN_PROGRESS, seen + 1)
    assert reasons(assigned).count("In behandeling genomen") == 1


def test_two_operators_resolving_at_once_one_wins(demo_user, assigned):
    justid, cibg = demo_user("justid"), demo_user("cibg")
    incident = services.incident_acknowledge(actor=justid, incident=assigned)
    clocks = incident.clocks.count()

    outcomes = run_at_once(
        lambda: services.incident_resolve(
            actor=justid, incident=incident, resolution_code="fixed", resolution="Certificaat vernieuwd."
        ),
        lambda: services.incident_resolve(
            actor=cibg, incident=incident, resolution_code="workaround", resolution="Omzeiling via reservesleutel."
        ),
    )

    results, errors = split(outcomes)
    assert len(results) == 1
    assert [type(error) for error in errors] == [TransitionNotAllowed]
    final = Incident.objects.get(pk=incident.pk)
    winner = results[0]
    assert (final.status, final.version) == (Status.RESOLVED, incident.version + 1)
    assert (final.resolution_code, final.resolution) == (winner.resolution_code, winner.resolution)
    assert len([reason for reason in reasons(incident) if reason.startswith("Opgelost: ")]) == 1
    assert SlaClock.history.filter(incident_id=incident.pk, history_change_reason="Opgelost").count() == clocks
    assert set(final.clocks.values_list("stopped_at", flat=True)) == {final.resolved_at}


def test_acknowledge_and_reassign_at_once_end_in_one_consistent_state(demo_user, party, assigned):
    justid, cibg = demo_user("justid"), demo_user("cibg")

    outcomes = run_at_once(
        lambda: services.incident_acknowledge(actor=justid, incident=assigned, version=assigned.version),
        lambda: services.incident_assign(
            actor=cibg, incident=assigned, party=party("kpn"), reason="Toch KPN", version=assigned.version
        ),
    )

    results, errors = split(outcomes)
    assert len(results) == 1
    assert [type(error) for error in errors] == [ConcurrentUpdate]
    final = Incident.objects.get(pk=assigned.pk)
    assert final.version == assigned.version + 1
    current = final.assignments.get(ended_at__isnull=True)
    assert current.party == final.assigned_party
    running_uc = final.clocks.filter(scope=SlaClock.Scope.UC, stopped_at__isnull=True)
    if final.status == Status.IN_PROGRESS:
        assert final.assigned_party.slug == "justid"
        assert [clock.party.slug for clock in running_uc] == ["justid"]
    else:
        assert (final.status, final.assigned_party.slug) == (Status.ASSIGNED, "kpn")
        assert [clock.party.slug for clock in running_uc] == ["kpn"]
        assert final.assignments.count() == 2


def test_two_reporters_filing_at_once_get_different_references(demo_user, component):
    ggd, cibg = demo_user("ggd"), demo_user("cibg")
    portal = component("ggd-portaal")

    outcomes = run_at_once(
        *[
            lambda actor=actor, n=n: services.incident_file(
                actor=actor, title=f"Portaal traag {n}", component=portal, impact="medium", urgency="medium"
            )
            for n, actor in enumerate([ggd, cibg, ggd, cibg])
        ]
    )

    results, errors = split(outcomes)
    assert errors == []
    references = sorted(incident.reference for incident in results)
    year = references[0].split("-")[1]
    assert references == [f"INC-{year}-{n:06d}" for n in range(1, 5)]
    assert sorted(Incident.objects.values_list("reference", flat=True)) == references
