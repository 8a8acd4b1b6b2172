import pytest

from changes.demo import load_demo_changes
from changes.models import BlackoutWindow, ChangeRequest, ChangeStatus, ChangeType


@pytest.fixture
def demo_changes(demo_user):
    return load_demo_changes(actor=demo_user("beheerder"))


def test_the_demo_has_changes_in_every_state_over_weeks_and_a_freeze(demo_changes):
    assert set(ChangeRequest.objects.values_list("status", flat=True)) == set(ChangeStatus.values)
    assert ChangeRequest.objects.filter(change_type=ChangeType.EMERGENCY).count() == 2
    assert BlackoutWindow.objects.count() == 1
    oldest = ChangeRequest.history.order_by("history_date").first().history_date
    newest = ChangeRequest.history.order_by("-history_date").first().history_date
    assert (newest - oldest).days >= 11 * 7


def test_loading_the_demo_twice_adds_no_changes(demo_changes, demo_user):
    rows = ChangeRequest.history.count()
    assert load_demo_changes(actor=demo_user("beheerder")) == 0
    assert ChangeRequest.history.count() == rows
