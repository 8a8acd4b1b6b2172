"""With a shared cache, filing takes the chain SLA's terms (version, target, calendar) from the cache; an edit to
the agreement, its targets or components, or a calendar applies to the very next filing all the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parties import services as parties_services
from parties.models import Agreement, AgreementTarget, ServiceCalendar
from tests.factories import IncidentFactory
from tests.timetravel import local

SLA = "SLA-VWS-CIBG"


@pytest.fixture(autouse=True)
def kept_terms(settings):
    settings.SLA_TERMS_CACHE_TIMEOUT = 3600  # as with CACHE_URL: the filings of each test below fall within the hour


@pytest.fixture
def file(demo_chain):
    """`file(**fields)`: a P3 incident on the HSM filed by the GGD; its chain SLA clock, or None."""
    return lambda **fields: IncidentFactory(**fields).clocks.first()


def _terms_reads(queries) -> list[str]:
    return [query["sql"] for query in queries if "parties_historicalagreementtarget" in query["sql"]]


def test_the_next_filing_takes_the_terms_without_reading_them(file, at):
    with at(2026, 3, 2, 9, 0), CaptureQueriesContext(connection) as first:
        first_clock = file()
    with at(2026, 3, 2, 9, 5), CaptureQueriesContext(connection) as second:
        second_clock = file()
    assert _terms_reads(first.captured_queries)
    assert not _terms_reads(second.captured_queries)
    assert len(second.captured_queries) == len(first.captured_queries) - 4
    terms = ("agreement_reference", "agreement_history_id", "response_minutes", "resolution_minutes")
    assert [getattr(second_clock, field) for field in terms] == [getattr(first_clock, field) for field in terms]
    assert second_clock.calendar_snapshot == first_clock.calendar_snapshot
    assert (second_clock.party.slug, second_clock.agreement.reference) == ("cibg", SLA)


def test_a_changed_target_applies_to_the_next_filing(file, demo_user, at):
    agreement = Agreement.objects.get(reference=SLA)
    with at(2026, 3, 2, 9, 0):
        assert file().resolution_minutes == 2700
    with at(2026, 3, 2, 9, 30):
        parties_services.agreement_save(
            actor=demo_user("beheerder"),
            reason="Nieuwe norm",
            agreement=agreement,
            components=agreement.components.all(),
            targets=[{"priority": "P3", "resolution_minutes": 600}],
        )
    with at(2026, 3, 2, 9, 45):
        clock = file()
    assert clock.resolution_minutes == 600
    assert clock.agreement_history_id == agreement.history.latest().history_id


def test_a_changed_calendar_applies_to_the_next_filing(file, demo_user, at):
    target = AgreementTarget.objects.get(agreement__reference=SLA, priority="P3")
    calendar = ServiceCalendar.objects.get(pk=target.calendar_id or target.agreement.calendar_id)
    with at(2026, 3, 2, 9, 0):
        assert "2026-03-03" not in (file().calendar_snapshot["extra_closed_days"] or [])
    with at(2026, 3, 2, 9, 30):
        parties_services.calendar_save(
            actor=demo_user("beheerder"),
            reason="Extra sluitingsdag",
            calendar=calendar,
            extra_closed_days=["2026-03-03"],
        )
    with at(2026, 3, 2, 9, 45):
        assert file().calendar_snapshot["extra_closed_days"] == ["2026-03-03"]


def test_a_component_taken_out_of_the_sla_files_without_its_clock(file, demo_user, component, at):
    agreement = Agreement.objects.get(reference=SLA)
    with at(2026, 3, 2, 9, 0):
        assert file() is not None
    with at(2026, 3, 2, 9, 30):
        parties_services.agreement_save(
            actor=demo_user("beheerder"),
            reason="HSM valt voortaan buiten de SLA",
            agreement=agreement,
            components=agreement.components.exclude(pk=component("hsm").pk),
        )
    with at(2026, 3, 2, 9, 45):
        assert file() is None


def test_a_clock_starting_before_the_kept_read_takes_the_terms_recorded_then(file, demo_user, at):
    target = AgreementTarget.objects.get(agreement__reference=SLA, priority="P3")
    with at(2026, 3, 2, 9, 30):
        parties_services.agreement_save(
            actor=demo_user("beheerder"),
            reason="Nieuwe norm",
            agreement=target.agreement,
            components=target.agreement.components.all(),
            targets=[{"priority": "P3", "resolution_minutes": 600}],
        )
    with at(2026, 3, 2, 9, 45):
        assert file().resolution_minutes == 600
        assert file(now=local(2026, 3, 2, 9, 0)).resolution_minutes == 2700
