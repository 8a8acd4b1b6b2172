"""The load generator writes who moved each change: every history row of a change, its approvals and its risk
assessment names the user the change workflow lets make that move (in-process, on the test database)."""

import pytest

from bench.loadgen import generate
from changes.models import Approval, ChangeRequest, RiskAssessment
from parties.models import Role, RoleAssignment
from tests.timetravel import local

pytestmark = pytest.mark.django_db


def _holder(role: str) -> set[int]:
    return set(RoleAssignment.objects.filter(role=role).values_list("user_id", flat=True))


def test_generated_changes_record_the_acting_user_of_every_step(demo_chain):
    generate(incidents=0, changes=80, seed=3, years=0.2, now=local(2026, 11, 18, 15, 30))

    history = ChangeRequest.history.model.objects
    assert history.count() > 300
    assert not history.filter(history_user__isnull=True).exists()
    assert not Approval.history.model.objects.filter(history_user__isnull=True).exists()
    assert not RiskAssessment.history.model.objects.filter(history_user__isnull=True).exists()
    requesters = {row.id: row.requested_by_id for row in ChangeRequest.objects.all()}
    for row in history.filter(status__in=["submitted", "in_progress", "completed"]):
        assert row.history_user_id == requesters[row.id], (row.reference, row.status)
    architects, owners = _holder(Role.SYSTEM_ARCHITECT), _holder(Role.PRODUCT_OWNER)
    assert set(history.filter(status="assessed").values_list("history_user_id", flat=True)) <= architects
    assert set(history.filter(status__in=["scheduled", "closed"]).values_list("history_user_id", flat=True)) <= owners
    for approval in Approval.history.model.objects.all():
        assert approval.history_user_id == approval.approver_id
