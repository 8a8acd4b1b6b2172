import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.auditchain.verify import verify_audit
from core.models import AuditVerification
from incidents.models import Incident, SlaClock
from majorincidents.models import MajorIncident
from parties.models import Agreement, Component, Party, RoleAssignment
from statuspage.selectors import status_overview


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not Party.objects.exists()


@pytest.mark.long_running
@pytest.mark.django_db
def test_the_demo_spreads_over_twelve_weeks_opens_verified_and_a_second_run_changes_nothing():
    """One full load (the slowest command the suite runs), checked three ways."""
    output = io.StringIO()
    call_command("seed_demo", force=True, stdout=output)

    # Incidents over twelve weeks, in several states.
    incidents = Incident.objects.all()
    assert incidents.count() >= 40
    assert incidents.filter(status="closed").exists()
    assert incidents.exclude(status__in=["closed", "cancelled"]).exists()
    assert incidents.filter(breach_state="breached").exists()
    assert incidents.filter(assignments__party__slug="kpn").exists()
    assert incidents.filter(hold_periods__isnull=False).exists()

    # One major incident of three weeks ago, worked through to its review, dated as it happened.
    major = MajorIncident.objects.get()
    assert major.status == "closed"
    assert timedelta(days=19) < timezone.now() - major.declared_at < timedelta(days=23)
    assert major.declared_at < major.stood_down_at < major.review.filed_at < major.closed_at
    assert major.history.order_by("history_id").first().history_date == major.declared_at
    assert major.updates.count() == 3
    assert major.review.actions.filter(done_at__isnull=False).count() == 1
    linked = Incident.objects.get(known_outage=major.incident)
    assert (major.incident.status, linked.status) == ("closed", "closed")
    portal = next(
        component
        for group in status_overview().groups
        for component in group.components
        if component.public_name == "GGD-portaal"
    )
    assert timezone.localdate(major.declared_at) in [cell.day for cell in portal.disrupted_days]

    # The audit chain verified, as the nightly run would have.
    assert AuditVerification.objects.get().intact
    assert "Audit chain intact" in output.getvalue()

    # Running it twice changes nothing.
    tracked = (Party, Component, Agreement, RoleAssignment, Incident, SlaClock, MajorIncident)
    counts = [model.history.count() for model in tracked]
    output = io.StringIO()
    call_command("seed_demo", force=True, stdout=output)
    assert [model.history.count() for model in tracked] == counts
    assert "0 new records" in output.getvalue()


def test_the_chain_tests_start_from_is_the_seeded_chain_with_its_audit_chain_intact(demo_chain):
    """Tests get the chain written back from one seed per process (tests/conftest.py): it must be whole,
    so that seeding again finds nothing missing, and its history rows must still verify."""
    output = io.StringIO()
    call_command("seed_demo", force=True, chain_only=True, stdout=output)
    assert "0 new records" in output.getvalue()
    assert verify_audit().intact
    assert Party.objects.get(slug="kpn").parent.slug == "cibg"
