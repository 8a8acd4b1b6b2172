import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from changes.demo import load_demo_changes
from changes.models import BlackoutWindow, ChangeRequest, ChangeStatus, ChangeType


def administrator():
    return get_user_model().objects.get(username="beheerder")


@pytest.fixture(scope="module")
def demo_changes(demo_chain_snapshot, django_db_blocker):
    """The demo chain and its demo changes, loaded once for the module inside a transaction that is rolled
    back at its end; each test runs in a savepoint on top (`db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_chain_snapshot.restore()
        yield load_demo_changes(actor=administrator())
        transaction.set_rollback(True)


def test_the_demo_has_changes_in_every_state_over_weeks_and_a_freeze(demo_changes, db):
    assert set(ChangeRequest.objects.values_list("status", flat=True)) == set(ChangeStatus.values)
    assert ChangeRequest.objects.filter(change_type=ChangeType.EMERGENCY).count() == 2
    assert BlackoutWindow.objects.count() == 1
    oldest = ChangeRequest.history.order_by("history_date").first().history_date
    newest = ChangeRequest.history.order_by("-history_date").first().history_date
    assert (newest - oldest).days >= 11 * 7


def test_loading_the_demo_twice_adds_no_changes(demo_changes, db):
    rows = ChangeRequest.history.count()
    assert load_demo_changes(actor=administrator()) == 0
    assert ChangeRequest.history.count() == rows
