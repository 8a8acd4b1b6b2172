"""Problems from recurring incidents to their closing by a successful change (services)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from changes import services as change_services
from core.errors import TransitionNotAllowed
from problems import services
from problems.models import ProblemSource, ProblemStatus, ProposalKind, ProposalStatus
from tests.factories import IncidentFactory

from .helpers import implemented, recurring_incidents, reviewed, scheduled_change, user

pytestmark = pytest.mark.usefixtures("demo_chain")
WEEK = date(2026, 3, 2)  # a Monday
AFTER_WEEK = (2026, 3, 9, 6, 30)
UNRELATED_WORDS = (
    "sleutel timeout traagheid storing foutcode onbekend verbinding opslag geheugen schijf netwerk dns "
    "firewall proxy database wachtrij planner logboek monitor alarm"
).split()


def propose(at):
    with at(*AFTER_WEEK):
        return services.recurrences_propose()


def test_three_similar_incidents_on_one_component_are_proposed_once(at):
    incidents = recurring_incidents(at, WEEK)
    with at(2026, 3, 4, 12, 0):
        IncidentFactory(title="Website laadt traag")  # another subject on another component

    proposals = propose(at)

    assert len(proposals) == 1
    proposal = proposals[0]
    assert proposal.kind == ProposalKind.SIMILAR_TITLES
    assert proposal.component.slug == "infrastructuur"
    assert proposal.week == "2026-W10"
    assert {incident.pk for incident in proposal.incidents.all()} == {incident.pk for incident in incidents}
    assert "certificaatfout" in proposal.explanation
    assert "inloggen" in proposal.explanation
    assert propose(at) == []  # running the weekly check again proposes nothing twice


def test_dissimilar_incidents_on_one_component_are_not_proposed(at):
    for day, title in enumerate(["Server onbereikbaar", "Certificaat verlopen", "Back-up mislukt"]):
        with at(2026, 3, 2 + day, 10, 0):
            IncidentFactory(title=title)
    assert propose(at) == []


def test_accepting_records_the_decision_and_a_problem_with_the_incidents(at):
    incidents = recurring_incidents(at, WEEK)
    proposal = propose(at)[0]
    architect = user("architect")

    proposal = services.proposal_accept(
        actor=architect, proposal=proposal, version=proposal.version, reason="Zelfde oorzaak vermoed"
    )

    assert proposal.status == ProposalStatus.ACCEPTED
    assert (proposal.decided_by, proposal.decision_reason) == (architect, "Zelfde oorzaak vermoed")
    problem = proposal.problem
    assert problem.reference.startswith("PRB-")
    assert (problem.status, problem.owner, problem.source) == (
        ProblemStatus.LOGGED,
        architect,
        ProblemSource.RECURRENCE,
    )
    assert sorted(problem.links.values_list("incident__reference", flat=True)) == sorted(i.reference for i in incidents)
    assert problem.history.first().history_user == architect


def test_only_the_architect_decides_and_a_dismissal_needs_a_reason(at):
    recurring_incidents(at, WEEK)
    proposal = propose(at)[0]
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=user("po"), proposal=proposal, version=proposal.version)
    with pytest.raises(ValidationError):
        services.proposal_dismiss(actor=user("architect"), proposal=proposal, version=proposal.version, reason=" ")

    services.proposal_dismiss(actor=user("architect"), proposal=proposal, version=proposal.version, reason="Toeval")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_reason, proposal.problem) == (ProposalStatus.DISMISSED, "Toeval", None)
    with pytest.raises(TransitionNotAllowed):
        services.proposal_accept(actor=user("architect"), proposal=proposal, version=proposal.version)


def _accepted_problem(at):
    recurring_incidents(at, WEEK)
    proposal = propose(at)[0]
    return services.proposal_accept(actor=user("architect"), proposal=proposal, version=proposal.version).problem


def test_a_successful_review_of_the_linked_change_closes_the_problem(at):
    problem = _accepted_problem(at)
    architect = user("architect")
    problem = services.problem_record_analysis(
        actor=architect,
        problem=problem,
        version=problem.version,
        root_cause="Tussencertificaat ontbreekt in de keten",
        workaround="Certificaatketen handmatig herladen",
    )
    assert problem.status == ProblemStatus.KNOWN_ERROR
    change = scheduled_change(title="Tussencertificaat plaatsen")
    problem = services.problem_link_change(actor=architect, problem=problem, version=problem.version, change=change)
    assert problem.status == ProblemStatus.AWAITING_CHANGE

    change = implemented(change)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.AWAITING_CHANGE  # completed, but not yet reviewed
    reviewed(change)

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    assert problem.closed_at is not None
    closing = problem.history.order_by("-history_date", "-history_id").first()
    assert closing.history_user == user("kpn")
    assert change.reference in closing.history_change_reason


def test_a_failed_change_leaves_the_problem_waiting(at):
    problem = _accepted_problem(at)
    change = scheduled_change()
    problem = services.problem_link_change(
        actor=user("architect"), problem=problem, version=problem.version, change=change
    )

    reviewed(implemented(change, succeeded=False))

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.AWAITING_CHANGE


def test_the_analysis_needs_a_cause_and_a_workaround_and_an_operator_may_not_record_it(at):
    problem = _accepted_problem(at)
    with pytest.raises(ValidationError):
        services.problem_record_analysis(
            actor=user("architect"), problem=problem, version=problem.version, root_cause="X", workaround=""
        )
    with pytest.raises(PermissionDenied):
        services.problem_record_analysis(
            actor=user("kpn"), problem=problem, version=problem.version, root_cause="X", workaround="Y"
        )
    problem.refresh_from_db()
    assert (problem.status, problem.root_cause) == (ProblemStatus.LOGGED, "")


def quiet_weeks_before(at, titles) -> None:
    """Eight weeks with one or two incidents a week on the HSM."""
    for week in range(8):
        monday = WEEK - timedelta(weeks=8 - week)
        for count in range(1 + week % 2):
            with at(monday.year, monday.month, monday.day, 9 + count, 0):
                IncidentFactory(title=next(titles))


def test_a_component_above_its_baseline_is_proposed(at):
    # After eight quiet weeks, a week with six; no two titles alike.
    titles = iter(f"{word} {index}" for index, word in enumerate(UNRELATED_WORDS))
    quiet_weeks_before(at, titles)
    for index in range(6):
        with at(2026, 3, 2 + index % 5, 9 + index, 0):
            IncidentFactory(title=next(titles))

    proposals = propose(at)

    assert [(proposal.kind, proposal.component.slug) for proposal in proposals] == [
        (ProposalKind.ABOVE_BASELINE, "hsm")
    ]
    assert proposals[0].incidents.count() == 6
    assert "6 incidenten" in proposals[0].explanation
    assert "× de normale spreiding" in proposals[0].explanation


def test_linking_a_change_already_reviewed_as_successful_closes_the_problem_at_once(at):
    problem = _accepted_problem(at)
    change = reviewed(implemented(scheduled_change()))

    problem = services.problem_link_change(
        actor=user("architect"), problem=problem, version=problem.version, change=change
    )

    assert problem.status == ProblemStatus.CLOSED


def test_an_undecided_proposal_holds_back_the_next_weeks_for_its_component(at):
    recurring_incidents(at, WEEK)
    first = propose(at)[0]
    recurring_incidents(at, WEEK + timedelta(weeks=1))
    with at(2026, 3, 16, 6, 30):
        held_back = services.recurrences_propose()
    assert ProposalKind.SIMILAR_TITLES not in {proposal.kind for proposal in held_back}
    services.proposal_dismiss(actor=user("architect"), proposal=first, version=first.version, reason="Toeval")
    with at(2026, 3, 16, 6, 30):
        again = [p for p in services.recurrences_propose() if p.kind == ProposalKind.SIMILAR_TITLES]
    assert [(proposal.week, proposal.incidents.count()) for proposal in again] == [("2026-W11", 6)]


def test_incidents_proposed_for_their_titles_are_not_proposed_again_for_their_number(at):
    quiet_weeks_before(at, iter(f"{word} {index}" for index, word in enumerate(UNRELATED_WORDS)))
    recurring_incidents(at, WEEK, component_slug="hsm")

    assert [proposal.kind for proposal in propose(at)] == [ProposalKind.SIMILAR_TITLES]


def test_a_change_closed_without_a_review_does_not_close_the_problem(at):
    problem = _accepted_problem(at)
    change = implemented(scheduled_change())
    change = change_services.change_transition(actor=user("po"), change=change, name="close", version=change.version)

    problem = services.problem_link_change(
        actor=user("architect"), problem=problem, version=problem.version, change=change
    )

    assert problem.status == ProblemStatus.AWAITING_CHANGE
