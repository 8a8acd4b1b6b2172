from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from changes import services
from changes.models import BlackoutWindow, ChangeRequest, ChangeStatus, ChangeType, RiskLevel
from core.errors import ConcurrentUpdate, DomainError, TransitionNotAllowed
from parties.models import Role
from tests.factories import ComponentFactory

from .conftest import ANSWERS, WINDOW_START

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def fresh(change):
    return ChangeRequest.objects.get(pk=change.pk)


# --- request ----------------------------------------------------------------------------------


def test_a_submitted_change_gets_a_reference_a_rank_and_history_with_who_and_why(chain, make_change):
    change = make_change(chain.kpn_operator)

    assert change.reference.startswith("CHG-")
    assert len(change.reference) == len("CHG-2026-000001")
    assert change.status == ChangeStatus.SUBMITTED
    assert change.rank == 1
    assert change.submitted_at is not None
    last = change.history.latest()
    assert last.history_user == chain.kpn_operator
    assert last.history_change_reason == "Indienen"


def test_a_draft_stays_out_of_the_backlog_until_submitted(chain, make_change):
    draft = make_change(submit=False)
    assert (draft.status, draft.rank) == (ChangeStatus.DRAFT, None)

    submitted = services.change_submit(actor=chain.kpn_operator, change=draft, version=draft.version)

    assert (submitted.status, submitted.rank) == (ChangeStatus.SUBMITTED, 1)


def test_bad_input_gives_field_messages_and_records_nothing(chain, make_change):
    with pytest.raises(ValidationError) as raised:
        make_change(hours=-1, test_evidence="", components=[])

    assert {"proposed_end", "test_evidence"} <= set(raised.value.message_dict)
    assert not ChangeRequest.objects.exists()


def test_nobody_requests_a_change_for_another_party_and_a_viewer_requests_none(chain):
    for user, party in [(chain.kpn_operator, chain.dictu), (chain.viewer, chain.vws), (chain.ggd, chain.ggd_party)]:
        with pytest.raises(PermissionDenied):
            services.change_create(
                actor=user,
                requesting_party=party,
                components=[chain.app],
                submit=True,
                change_type=ChangeType.NORMAL,
                title="x",
                motivation="x",
                implementation_plan="x",
                rollback_plan="x",
                test_evidence="x",
                proposed_start=WINDOW_START,
                proposed_end=WINDOW_START + timedelta(hours=1),
            )


# --- lifecycle -----------------------------------------------------------------------------------


def test_a_normal_change_runs_its_whole_lifecycle(chain, make_change, to_approval):
    change = to_approval(make_change(), "low")
    change = services.change_approve(actor=chain.po, change=change, version=change.version, comment="Akkoord")
    assert change.status == ChangeStatus.APPROVED
    assert change.approved_at

    change = services.change_schedule(actor=chain.po, change=change, version=change.version)
    assert (change.planned_start, change.rank) == (WINDOW_START, None)
    for name, state in [("start", ChangeStatus.IN_PROGRESS), ("complete", ChangeStatus.COMPLETED)]:
        change = services.change_transition(actor=chain.kpn_operator, change=change, name=name, version=change.version)
        assert change.status == state
    change = services.change_transition(actor=chain.po, change=change, name="close", version=change.version)

    assert change.status == ChangeStatus.CLOSED
    reasons = list(change.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert reasons[-1] == ChangeStatus.CLOSED
    assert ChangeStatus.AWAITING_APPROVAL in reasons
    assert ChangeStatus.SCHEDULED in reasons


def test_an_illegal_transition_is_refused_and_changes_nothing(chain, make_change):
    change = make_change()
    history_rows = change.history.count()

    with pytest.raises(TransitionNotAllowed, match="Uitvoering starten"):
        services.change_transition(actor=chain.kpn_operator, change=change, name="start", version=change.version)

    assert fresh(change).status == ChangeStatus.SUBMITTED
    assert change.history.count() == history_rows


def test_a_stale_version_is_refused(chain, make_change):
    change = make_change()
    with pytest.raises(ConcurrentUpdate):
        services.change_transition(
            actor=chain.kpn_operator, change=change, name="cancel", version=change.version - 1, reason="Dubbel"
        )
    assert fresh(change).status == ChangeStatus.SUBMITTED


def test_a_standard_change_is_approved_on_submit_and_skips_assessment(chain, make_change, standard_template):
    change = make_change(change_type=ChangeType.STANDARD, template=standard_template, implementation_plan="")

    assert change.status == ChangeStatus.APPROVED
    assert change.implementation_plan == standard_template.implementation_plan
    assert "sjabloon" in change.history.latest().history_change_reason
    with pytest.raises(TransitionNotAllowed):
        services.change_request_approval(actor=chain.po, change=change, version=change.version)


def test_a_standard_change_only_touches_its_templates_components(chain, make_change, standard_template):
    with pytest.raises(ValidationError) as raised:
        make_change(
            chain.cibg_operator, change_type=ChangeType.STANDARD, template=standard_template, components=[chain.website]
        )
    assert raised.value.message_dict == {
        "components": ["Dit sjabloon is alleen goedgekeurd voor zijn eigen componenten."]
    }


@pytest.mark.parametrize("change_type", [ChangeType.STANDARD, ChangeType.NORMAL, ChangeType.EMERGENCY])
def test_a_party_requests_no_change_for_a_component_it_does_not_run(chain, make_change, standard_template, change_type):
    # The website party neither operates, hosts nor monitors the infrastructure: a template covering the
    # infrastructure does not pre-approve its change there, and it cannot ask for a normal one either.
    template = standard_template if change_type == ChangeType.STANDARD else None
    with pytest.raises(ValidationError) as raised:
        make_change(chain.website_operator, [chain.infrastructure], change_type=change_type, template=template)

    assert raised.value.message_dict == {
        "components": [
            "Websitepartij beheert, host of bewaakt Infrastructuur niet en kan er daarom geen wijziging voor aanvragen."
        ]
    }
    assert not ChangeRequest.objects.exists()


def test_operating_hosting_or_monitoring_a_component_lets_a_party_request_changes_and_cibg_any(chain, make_change):
    app = ComponentFactory(
        name="Android-app",
        slug="android-app",
        public_name="App op Android",
        operating_party=chain.dictu,
        hosting_party=chain.kpn,
        monitoring_party=chain.website_party,
    )
    for requester in [chain.dictu_operator, chain.kpn_operator, chain.website_operator, chain.cibg_operator]:
        assert make_change(requester, [app]).status == ChangeStatus.SUBMITTED
    assert make_change(chain.cibg_operator, [chain.website, chain.infrastructure]).status == ChangeStatus.SUBMITTED


def test_a_normal_change_is_assessed_before_it_goes_to_approval(chain, make_change):
    change = make_change()
    with pytest.raises(DomainError, match="beoordeeld"):
        services.change_request_approval(actor=chain.po, change=change, version=change.version)


def test_a_failed_change_is_rolled_back_reviewed_and_then_closed(chain, make_change, to_approval):
    change = to_approval(make_change(), "low")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    change = services.change_schedule(actor=chain.po, change=change, version=change.version)
    for name in ("start", "fail", "roll_back"):
        change = services.change_transition(actor=chain.kpn_operator, change=change, name=name, version=change.version)
    with pytest.raises(TransitionNotAllowed):
        services.change_transition(actor=chain.po, change=change, name="close", version=change.version)

    change = services.change_review(
        actor=chain.kpn_operator, change=change, version=change.version, what_happened="Node 3 startte niet"
    )
    change = services.change_transition(actor=chain.po, change=change, name="close", version=change.version)

    assert change.status == ChangeStatus.CLOSED
    assert change.review.what_happened == "Node 3 startte niet"


def test_an_emergency_change_needs_only_the_product_owner_and_a_review_before_closing(chain, make_change):
    change = make_change(change_type=ChangeType.EMERGENCY, test_evidence="")
    change = services.change_request_approval(actor=chain.po, change=change, version=change.version)
    assert change.required_roles == (Role.PRODUCT_OWNER,)
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    change = services.change_schedule(actor=chain.po, change=change, version=change.version)
    for name in ("start", "complete"):
        change = services.change_transition(actor=chain.kpn_operator, change=change, name=name, version=change.version)

    with pytest.raises(DomainError, match="evaluatie"):
        services.change_transition(actor=chain.po, change=change, name="close", version=change.version)
    change = services.change_review(actor=chain.po, change=change, version=change.version, what_happened="Goed")
    change = services.change_transition(actor=chain.po, change=change, name="close", version=change.version)
    assert change.status == ChangeStatus.CLOSED


def test_cancelling_needs_a_reason_and_only_before_implementation(chain, make_change):
    change = make_change()
    with pytest.raises(ValidationError) as raised:
        services.change_transition(actor=chain.kpn_operator, change=change, name="cancel", version=change.version)
    assert list(raised.value.message_dict) == ["reason"]

    change = services.change_transition(
        actor=chain.kpn_operator, change=change, name="cancel", version=change.version, reason="Niet meer nodig"
    )
    assert (change.status, change.rank) == (ChangeStatus.CANCELLED, None)
    assert change.history.latest().history_change_reason == "Annuleren: Niet meer nodig"


def test_only_the_requesting_side_or_product_owner_implements(chain, make_change, to_approval):
    change = to_approval(make_change(), "low")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    change = services.change_schedule(actor=chain.po, change=change, version=change.version)
    for user in (chain.dictu_operator, chain.viewer, chain.architect):
        with pytest.raises(PermissionDenied):
            services.change_transition(actor=user, change=change, name="start", version=change.version)


# --- assessment and approval matrix ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "approvers"),
    [
        ("low", ["po"]),
        ("medium", ["po", "architect"]),
        ("high", ["po", "architect", "opdrachtgever"]),
    ],
)
def test_the_risk_level_decides_who_must_approve(chain, make_change, to_approval, level, approvers):
    change = to_approval(make_change(), level)
    for index, username in enumerate(approvers):
        assert change.status == ChangeStatus.AWAITING_APPROVAL
        change = services.change_approve(actor=getattr(chain, username), change=change, version=change.version)
        assert change.approvals.count() == index + 1
    assert change.status == ChangeStatus.APPROVED
    assert [approval.approver.username for approval in change.approvals.all()] == approvers


def test_the_assessment_keeps_its_answers_on_record(chain, make_change):
    change = make_change(chain.cibg_operator, [chain.infrastructure, chain.app])
    change = services.change_assess(actor=chain.architect, change=change, version=change.version, **ANSWERS["medium"])

    assessment = change.assessment
    assert (assessment.component_count, assessment.risk, assessment.assessed_by) == (
        2,
        RiskLevel.MEDIUM,
        chain.architect,
    )
    assert change.history.latest().history_change_reason == "Risico beoordelen: Gemiddeld"


def test_only_the_system_architect_assesses(chain, make_change):
    change = make_change()
    with pytest.raises(PermissionDenied):
        services.change_assess(actor=chain.po, change=change, version=change.version, **ANSWERS["low"])


def test_a_role_the_risk_does_not_require_cannot_approve(chain, make_change, to_approval):
    change = to_approval(make_change(), "low")
    for user in (chain.architect, chain.opdrachtgever, chain.viewer, chain.kpn_operator):
        with pytest.raises(PermissionDenied):
            services.change_approve(actor=user, change=change, version=change.version)
    assert not change.approvals.exists()


def test_nobody_approves_their_own_change(chain, make_change, to_approval):
    change = to_approval(make_change(chain.po, title="Door de PO zelf aangevraagd"), "low")
    with pytest.raises(PermissionDenied, match="zelf"):
        services.change_approve(actor=chain.po, change=change, version=change.version)
    assert fresh(change).status == ChangeStatus.AWAITING_APPROVAL
    assert not change.approvals.exists()


def test_nobody_decides_twice(chain, make_change, to_approval):
    change = to_approval(make_change(), "medium")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    with pytest.raises(PermissionDenied):
        services.change_approve(actor=chain.po, change=change, version=change.version)


def test_any_rejection_rejects_the_change_with_a_comment(chain, make_change, to_approval):
    change = to_approval(make_change(), "high")
    change = services.change_approve(actor=chain.po, change=change, version=change.version)
    with pytest.raises(ValidationError):
        services.change_reject(actor=chain.opdrachtgever, change=change, version=change.version, comment=" ")

    change = services.change_reject(
        actor=chain.opdrachtgever, change=change, version=change.version, comment="Te groot risico voor burgers"
    )

    assert (change.status, change.rank) == (ChangeStatus.REJECTED, None)
    rejection = change.approvals.get(role=Role.BUSINESS_OWNER)
    assert (rejection.decision, rejection.approver) == ("rejected", chain.opdrachtgever)


def test_the_product_owner_may_reject_at_triage(chain, make_change):
    change = make_change()
    change = services.change_reject(actor=chain.po, change=change, version=change.version, comment="Dubbel verzoek")
    assert change.status == ChangeStatus.REJECTED


# --- blackout windows and collisions ------------------------------------------------------------------


@pytest.fixture
def approved(chain, make_change, to_approval):
    def make(change_type=ChangeType.NORMAL, **kwargs):
        change = make_change(change_type=change_type, **kwargs)
        if change_type == ChangeType.NORMAL:
            change = to_approval(change, "low")
        else:
            change = services.change_request_approval(actor=chain.po, change=change, version=change.version)
        return services.change_approve(actor=chain.po, change=change, version=change.version)

    return make


@pytest.fixture
def freeze(chain):
    """A freeze period given in Amsterdam time: 24 December 2030 00:00 to 2 January 2031 00:00 (CET = UTC+1)."""
    return services.blackout_save(
        actor=chain.po,
        reason="Kerstbevriezing",
        title="Jaarwisseling",
        starts_at=datetime(2030, 12, 24, 0, 0, tzinfo=AMSTERDAM),
        ends_at=datetime(2031, 1, 2, 0, 0, tzinfo=AMSTERDAM),
    )


def test_a_normal_change_cannot_be_scheduled_into_a_freeze_period(chain, approved, freeze):
    change = approved(start=datetime(2030, 12, 28, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationError) as raised:
        services.change_schedule(actor=chain.po, change=change, version=change.version)
    assert "Jaarwisseling" in raised.value.message_dict["planned_start"][0]
    assert fresh(change).status == ChangeStatus.APPROVED


def test_an_emergency_change_may_be_scheduled_into_a_freeze_period(chain, approved, freeze):
    change = approved(ChangeType.EMERGENCY, start=datetime(2030, 12, 28, 9, 0, tzinfo=UTC))
    assert services.change_schedule(actor=chain.po, change=change, version=change.version).status == "scheduled"


@pytest.mark.parametrize(
    ("start", "end", "blocked"),
    [
        # The freeze starts at 24 Dec 00:00 Amsterdam = 23 Dec 23:00 UTC.
        (datetime(2030, 12, 23, 21, 0, tzinfo=UTC), datetime(2030, 12, 23, 23, 0, tzinfo=UTC), False),  # touches
        (datetime(2030, 12, 23, 21, 0, tzinfo=UTC), datetime(2030, 12, 23, 23, 1, tzinfo=UTC), True),
        # It ends at 2 Jan 00:00 Amsterdam = 1 Jan 23:00 UTC.
        (datetime(2031, 1, 1, 23, 0, tzinfo=UTC), datetime(2031, 1, 2, 1, 0, tzinfo=UTC), False),  # touches
        (datetime(2031, 1, 1, 22, 59, tzinfo=UTC), datetime(2031, 1, 2, 1, 0, tzinfo=UTC), True),
        (datetime(2031, 1, 2, 0, 0, tzinfo=AMSTERDAM), datetime(2031, 1, 2, 2, 0, tzinfo=AMSTERDAM), False),
    ],
)
def test_freeze_edges_are_half_open_across_time_zones(chain, approved, freeze, start, end, blocked):
    change = approved()
    if blocked:
        with pytest.raises(ValidationError):
            services.change_schedule(
                actor=chain.po, change=change, version=change.version, planned_start=start, planned_end=end
            )
    else:
        change = services.change_schedule(
            actor=chain.po, change=change, version=change.version, planned_start=start, planned_end=end
        )
        assert change.status == ChangeStatus.SCHEDULED


def test_overlapping_changes_on_the_same_component_collide(chain, make_change):
    first = make_change(start=WINDOW_START, hours=2)
    overlapping = make_change(chain.kpn_operator, start=WINDOW_START + timedelta(hours=1), title="Overlap")
    touching = make_change(start=WINDOW_START + timedelta(hours=2), title="Sluit aan")
    other_component = make_change(chain.dictu_operator, [chain.app], start=WINDOW_START, title="App")

    assert list(services.collisions(first)) == [overlapping]
    assert touching not in services.collisions(first)
    assert other_component not in services.collisions(first)


def test_collisions_compare_instants_not_wall_clock_times(chain, make_change):
    # 10:00 in Amsterdam (summer, UTC+2) is 08:00 UTC: these windows touch, they do not overlap.
    utc_change = make_change(start=datetime(2030, 7, 1, 6, 0, tzinfo=UTC), hours=2)
    amsterdam_change = make_change(start=datetime(2030, 7, 1, 10, 0, tzinfo=AMSTERDAM), hours=1, title="Later")
    assert not services.collisions(utc_change).exists()

    overlapping = make_change(start=datetime(2030, 7, 1, 9, 30, tzinfo=AMSTERDAM), hours=1, title="Overlap")
    assert set(services.collisions(utc_change)) == {overlapping}
    assert set(services.collisions(overlapping)) == {utc_change, amsterdam_change}


def test_cancelled_changes_do_not_collide(chain, make_change):
    first = make_change()
    second = make_change(title="Tweede")
    services.change_transition(
        actor=chain.kpn_operator, change=second, name="cancel", version=second.version, reason="Weg"
    )
    assert not services.collisions(first).exists()


def test_blackout_windows_are_maintained_by_the_product_owner_only(chain):
    with pytest.raises(PermissionDenied):
        services.blackout_save(
            actor=chain.architect,
            reason="x",
            title="x",
            starts_at=WINDOW_START,
            ends_at=WINDOW_START + timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.blackout_save(actor=chain.po, reason="x", title="x", starts_at=WINDOW_START, ends_at=WINDOW_START)
    assert not BlackoutWindow.objects.exists()


def test_bulk_scheduling_handles_standard_changes_and_reports_the_rest(chain, make_change, approved, standard_template):
    standard = make_change(change_type=ChangeType.STANDARD, template=standard_template)
    normal = approved(title="Normaal")

    scheduled, refused = services.standard_changes_schedule(actor=chain.po, changes=[standard, normal])

    assert [change.pk for change in scheduled] == [standard.pk]
    assert [change.pk for change, _message in refused] == [normal.pk]
    assert fresh(normal).status == ChangeStatus.APPROVED


# --- backlog ranking ------------------------------------------------------------------------------


def ranks():
    return list(ChangeRequest.objects.backlog().order_by("rank").values_list("title", "rank"))


def test_moving_renumbers_the_backlog_densely_with_history_for_moved_rows_only(chain, make_change):
    a, b, c, d = (make_change(title=title) for title in "ABCD")
    assert ranks() == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]
    rows_before = {change.title: change.history.count() for change in (a, b, c, d)}

    services.backlog_move(actor=chain.po, change=c, position=1)

    assert ranks() == [("C", 1), ("A", 2), ("B", 3), ("D", 4)]
    assert fresh(d).history.count() == rows_before["D"]
    assert fresh(c).history.latest().history_change_reason == "Herprioritering door Product Owner"
    assert fresh(c).history.latest().history_user == chain.po


def test_gaps_left_by_departed_changes_close_on_the_next_move(chain, make_change):
    _a, b, _c = (make_change(title=title) for title in "ABC")
    services.change_transition(actor=chain.kpn_operator, change=b, name="cancel", version=b.version, reason="Weg")
    e = make_change(title="E")
    assert ranks() == [("A", 1), ("C", 3), ("E", 4)]

    services.backlog_move(actor=chain.po, change=e, position=99)

    assert ranks() == [("A", 1), ("C", 2), ("E", 3)]


def test_only_the_product_owner_ranks_and_only_backlog_changes(chain, make_change):
    change = make_change()
    with pytest.raises(PermissionDenied):
        services.backlog_move(actor=chain.architect, change=change, position=1)
    services.change_transition(
        actor=chain.kpn_operator, change=change, name="cancel", version=change.version, reason="x"
    )
    with pytest.raises(DomainError):
        services.backlog_move(actor=chain.po, change=change, position=1)


def test_moving_up_and_down_is_relative_to_the_current_order(chain, make_change):
    a, b, _c = (make_change(title=title) for title in "ABC")
    services.backlog_move(actor=chain.po, change=b, offset=-1)
    assert ranks() == [("B", 1), ("A", 2), ("C", 3)]
    services.backlog_move(actor=chain.po, change=b, offset=-1)  # already on top: stays
    services.backlog_move(actor=chain.po, change=a, offset=1)
    assert ranks() == [("B", 1), ("C", 2), ("A", 3)]
