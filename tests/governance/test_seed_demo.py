import io

import pytest
from django.core.management import CommandError, call_command

from core.auditchain.verify import verify_audit
from core.models import AuditVerification
from incidents.models import Incident, SlaClock
from parties.models import Agreement, Component, Party, RoleAssignment


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not Party.objects.exists()


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

    # The audit chain verified, as the nightly run would have.
    assert AuditVerification.objects.get().intact
    assert "Audit chain intact" in output.getvalue()

    # Running it twice changes nothing.
    tracked = (Party, Component, Agreement, RoleAssignment, Incident, SlaClock)
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
