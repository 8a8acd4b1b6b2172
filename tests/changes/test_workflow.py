"""The change workflow as data: the state is asked before who you are, and decisions name their refusal."""

import pytest
from django.core.exceptions import PermissionDenied

from changes.actions import CHANGE_ACTIONS
from changes.models import ChangeStatus
from changes.workflow import CHANGE_WORKFLOW
from core.errors import TransitionNotAllowed


def test_a_move_the_state_does_not_allow_is_refused_as_such_for_anyone(chain, make_change):
    change = make_change()  # submitted

    with pytest.raises(TransitionNotAllowed):
        CHANGE_WORKFLOW.apply(change, "start", chain.architect)  # neither scheduled nor the architect's move
    with pytest.raises(PermissionDenied):
        CHANGE_WORKFLOW.apply(change, "assess", chain.kpn_operator)
    assert change.status == ChangeStatus.SUBMITTED


def test_the_requester_is_told_it_cannot_decide_on_its_own_change(chain, make_change, to_approval):
    change = to_approval(make_change())

    with pytest.raises(PermissionDenied, match="zelf hebt aangevraagd"):
        CHANGE_WORKFLOW.check(change, "approve", chain.kpn_operator)
    with pytest.raises(PermissionDenied, match="geen rol"):
        CHANGE_WORKFLOW.check(change, "approve", chain.architect)


def test_the_page_decides_in_one_form_and_the_api_per_move(chain, make_change, to_approval):
    change = to_approval(make_change())

    available = CHANGE_ACTIONS.available(chain.po, change)

    assert {action.name for action in available if action.form} == {"decide", "cancel"}
    assert {action.name for action in available if action.serializer} == {"approve", "reject", "cancel"}
