"""Two people acting at once, on real separate PostgreSQL connections (one per thread)."""

import pytest

from changes import services
from changes.models import Approval, ChangeRequest, ChangeStatus
from core.errors import DomainError
from tests.concurrency import run_at_once

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def backlog():
    return list(ChangeRequest.objects.backlog().order_by("rank").values_list("title", "rank"))


def test_two_product_owner_tabs_reordering_at_once_end_in_one_consistent_order(chain, make_change):
    changes = {title: make_change(title=title) for title in "ABCDE"}

    outcomes = run_at_once(
        lambda: services.backlog_move(actor=chain.po, change=changes["E"], position=1),
        lambda: services.backlog_move(actor=chain.po, change=changes["D"], position=1),
    )

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    final = backlog()
    assert [rank for _title, rank in final] == [1, 2, 3, 4, 5]
    # Whichever ran second saw the first one's result: one of the two serial outcomes.
    assert "".join(title for title, _rank in final) in {"DEABC", "EDABC"}


def test_reordering_while_a_change_is_submitted_loses_no_rank(chain, make_change):
    changes = [make_change(title=title) for title in "ABC"]
    draft = make_change(title="D", submit=False)

    outcomes = run_at_once(
        lambda: services.backlog_move(actor=chain.po, change=changes[2], position=1),
        lambda: services.change_submit(actor=chain.kpn_operator, change=draft, version=draft.version),
    )

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    ranks = [rank for _title, rank in backlog()]
    assert len(ranks) == 4
    assert len(set(ranks)) == 4
    assert backlog()[-1][0] == "D"


def test_two_approvers_at_once_both_count(chain, make_change, to_approval):
    change = to_approval(make_change(), "medium")

    outcomes = run_at_once(
        lambda: services.change_approve(actor=chain.po, change=change, version=None),
        lambda: services.change_approve(actor=chain.architect, change=change, version=None),
    )

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.APPROVED
    assert Approval.objects.filter(change=change).count() == 2


def test_approve_and_cancel_at_once_end_in_one_state(chain, make_change, to_approval):
    change = to_approval(make_change(), "low")

    outcomes = run_at_once(
        lambda: services.change_approve(actor=chain.po, change=change, version=change.version),
        lambda: services.change_transition(
            actor=chain.kpn_operator, change=change, name="cancel", version=change.version, reason="Niet nodig"
        ),
    )

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)
    final = ChangeRequest.objects.get(pk=change.pk)
    if final.status == ChangeStatus.APPROVED:
        assert Approval.objects.filter(change=change).count() == 1
    else:
        assert final.status == ChangeStatus.CANCELLED
        assert not Approval.objects.filter(change=change).exists()
