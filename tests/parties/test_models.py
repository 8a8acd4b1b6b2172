from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from parties import services
from parties.models import Agreement, AgreementTarget, PartyKind, Priority, ServiceCalendar
from tests.factories import (
    AgreementFactory,
    AgreementTargetFactory,
    ComponentFactory,
    PartyFactory,
    ServiceCalendarFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OFFICE_HOURS = [[["08:00", "17:00"]]] * 5 + [[], []]


# --- the subcontracting chain ---------------------------------------------------------


@pytest.fixture
def chain():
    """CIBG ← KPN ← a subcontractor of KPN."""
    cibg = PartyFactory(name="CIBG", slug="cibg", kind=PartyKind.REGIE)
    kpn = PartyFactory(name="KPN", slug="kpn", kind=PartyKind.OPERATOR, parent=cibg)
    datacenter = PartyFactory(name="Datacenter", slug="datacenter", kind=PartyKind.HOSTING, parent=kpn)
    return cibg, kpn, datacenter


def test_a_party_cannot_be_its_own_subcontractor(chain):
    _cibg, kpn, _datacenter = chain
    kpn.parent = kpn

    with pytest.raises(ValidationError) as raised:
        kpn.full_clean()

    assert list(raised.value.message_dict) == ["parent"]
    assert "rond" in raised.value.message_dict["parent"][0]


def test_a_cycle_through_the_chain_is_rejected_on_parent(chain):
    cibg, _kpn, datacenter = chain
    cibg.parent = datacenter  # CIBG ← KPN ← Datacenter ← CIBG

    with pytest.raises(ValidationError) as raised:
        cibg.full_clean()

    assert list(raised.value.message_dict) == ["parent"]


def test_moving_a_party_elsewhere_in_the_chain_without_a_cycle_is_fine(chain):
    cibg, _kpn, datacenter = chain
    datacenter.parent = cibg

    datacenter.full_clean()


def test_chain_above_lists_the_parties_worked_for_nearest_first(chain):
    cibg, kpn, datacenter = chain

    assert datacenter.chain_above() == [kpn, cibg]
    assert kpn.chain_above() == [cibg]
    assert cibg.chain_above() == []


# --- agreement validity windows and coverage --------------------------------------------


@pytest.fixture
def parties():
    provider = PartyFactory(name="KPN", slug="kpn")
    customer = PartyFactory(name="CIBG", slug="cibg", kind=PartyKind.REGIE)
    return provider, customer


@pytest.fixture
def calendar():
    return ServiceCalendarFactory(name="Kantooruren", weekly_hours=OFFICE_HOURS)


@pytest.fixture
def hosting(parties, calendar):
    """UC-2024: KPN hosts the backend for CIBG throughout 2024."""
    provider, customer = parties
    backend = ComponentFactory(name="Backend", slug="backend", operating_party=provider)
    agreement = AgreementFactory(
        reference="UC-2024",
        provider=provider,
        customer=customer,
        calendar=calendar,
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 12, 31),
        components=[backend],
    )
    return agreement, backend


def new_agreement(provider, customer, calendar, valid_from, valid_to=None, reference="UC-NEW"):
    return Agreement(
        reference=reference,
        title="Hosting",
        kind="UC",
        provider=provider,
        customer=customer,
        calendar=calendar,
        valid_from=valid_from,
        valid_to=valid_to,
    )


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [
        (date(2024, 6, 1), date(2025, 5, 31)),  # starts inside
        (date(2023, 6, 1), date(2024, 1, 1)),  # ends on the first day
        (date(2024, 12, 31), None),  # starts on the last day, open-ended
        (date(2023, 1, 1), None),  # encloses it
        (date(2024, 3, 1), date(2024, 3, 31)),  # inside it
    ],
)
def test_overlapping_windows_for_the_same_component_are_rejected(parties, calendar, hosting, valid_from, valid_to):
    provider, customer = parties
    _existing, backend = hosting
    agreement = new_agreement(provider, customer, calendar, valid_from, valid_to)

    with pytest.raises(ValidationError) as raised:
        agreement.validate_coverage([backend])

    assert "UC-2024" in raised.value.message_dict["components"][0]


def test_an_open_ended_agreement_clashes_with_one_starting_years_later(parties, calendar):
    provider, customer = parties
    backend = ComponentFactory(name="Backend", slug="backend", operating_party=provider)
    AgreementFactory(
        reference="UC-OPEN",
        provider=provider,
        customer=customer,
        calendar=calendar,
        valid_from=date(2020, 1, 1),
        valid_to=None,
        components=[backend],
    )

    with pytest.raises(ValidationError):
        new_agreement(provider, customer, calendar, date(2030, 1, 1)).validate_coverage([backend])


def test_touching_windows_are_fine(parties, calendar, hosting):
    provider, customer = parties
    _existing, backend = hosting

    new_agreement(provider, customer, calendar, date(2025, 1, 1), date(2025, 12, 31)).validate_coverage([backend])
    new_agreement(provider, customer, calendar, date(2023, 1, 1), date(2023, 12, 31)).validate_coverage([backend])


def test_a_different_component_or_customer_is_fine(parties, calendar, hosting):
    provider, customer = parties
    _existing, backend = hosting
    frontend = ComponentFactory(name="Frontend", slug="frontend", operating_party=provider)
    other_customer = PartyFactory(name="DICTU", slug="dictu")

    new_agreement(provider, customer, calendar, date(2024, 6, 1)).validate_coverage([frontend])
    new_agreement(provider, other_customer, calendar, date(2024, 6, 1)).validate_coverage([backend])


def test_an_agreement_does_not_clash_with_itself(hosting):
    existing, backend = hosting

    existing.valid_to = date(2025, 12, 31)
    existing.validate_coverage([backend])


def test_agreement_save_refuses_an_overlapping_agreement(parties, calendar, hosting):
    provider, customer = parties
    _existing, backend = hosting
    actor = UserFactory(username="po")

    with pytest.raises(ValidationError) as raised:
        services.agreement_save(
            actor=actor,
            reason="Verlenging",
            components=[backend],
            reference="UC-2024-BIS",
            title="Hosting",
            kind="UC",
            provider=provider,
            customer=customer,
            calendar=calendar,
            valid_from=date(2024, 7, 1),
        )

    assert "UC-2024" in raised.value.message_dict["components"][0]
    assert not Agreement.objects.filter(reference="UC-2024-BIS").exists()


def test_agreement_save_accepts_the_next_year_directly_after(parties, calendar, hosting):
    provider, customer = parties
    _existing, backend = hosting

    agreement = services.agreement_save(
        actor=UserFactory(username="po"),
        reason="Verlenging",
        components=[backend],
        reference="UC-2025",
        title="Hosting",
        kind="UC",
        provider=provider,
        customer=customer,
        calendar=calendar,
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 12, 31),
    )

    assert list(agreement.components.all()) == [backend]


def test_an_agreement_may_not_end_before_it_starts(parties, calendar):
    provider, customer = parties
    agreement = new_agreement(provider, customer, calendar, date(2024, 6, 1), date(2024, 5, 31))

    with pytest.raises(ValidationError) as raised:
        agreement.full_clean()

    assert list(raised.value.message_dict) == ["valid_to"]


def test_an_agreement_may_end_on_the_day_it_starts(parties, calendar):
    provider, customer = parties

    new_agreement(provider, customer, calendar, date(2024, 6, 1), date(2024, 6, 1)).full_clean()


def test_provider_and_customer_must_differ(parties, calendar):
    provider, _customer = parties

    with pytest.raises(ValidationError) as raised:
        new_agreement(provider, provider, calendar, date(2024, 1, 1)).full_clean()

    assert "customer" in raised.value.message_dict


# --- targets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "resolution", "field"), [(0, 60, "response_minutes"), (15, 0, "resolution_minutes")]
)
def test_targets_must_be_positive(hosting, response, resolution, field):
    agreement, _backend = hosting
    target = AgreementTarget(
        agreement=agreement, priority=Priority.P1, response_minutes=response, resolution_minutes=resolution
    )

    with pytest.raises(ValidationError) as raised:
        target.full_clean()

    assert field in raised.value.message_dict


@pytest.mark.parametrize(("response", "resolution"), [(0, 60), (15, 0)])
def test_the_database_refuses_targets_that_are_not_positive(hosting, response, resolution):
    agreement, _backend = hosting

    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementTarget.objects.create(
            agreement=agreement, priority=Priority.P1, response_minutes=response, resolution_minutes=resolution
        )

    assert not AgreementTarget.objects.filter(agreement=agreement).exists()


def test_resolution_may_not_be_shorter_than_response(hosting):
    agreement, _backend = hosting
    target = AgreementTarget(agreement=agreement, priority=Priority.P2, response_minutes=60, resolution_minutes=30)

    with pytest.raises(ValidationError) as raised:
        target.full_clean()

    assert list(raised.value.message_dict) == ["resolution_minutes"]


def test_resolution_equal_to_response_is_fine(hosting):
    agreement, _backend = hosting

    AgreementTarget(agreement=agreement, priority=Priority.P2, response_minutes=60, resolution_minutes=60).full_clean()


def test_one_target_per_priority(hosting):
    agreement, _backend = hosting
    AgreementTargetFactory(agreement=agreement, priority=Priority.P2)

    with pytest.raises(ValidationError):
        AgreementTarget(
            agreement=agreement, priority=Priority.P2, response_minutes=30, resolution_minutes=90
        ).full_clean()


def test_a_target_uses_the_agreement_calendar_unless_it_names_one(hosting, calendar):
    agreement, _backend = hosting
    always = ServiceCalendarFactory(name="24×7", always_open=True, weekly_hours=[], public_holidays="")

    own = AgreementTargetFactory(agreement=agreement, priority=Priority.P1, calendar=always)
    inherited = AgreementTargetFactory(agreement=agreement, priority=Priority.P2, calendar=None)

    assert own.effective_calendar == always
    assert inherited.effective_calendar == calendar


# --- service calendars ------------------------------------------------------------------------


def test_a_calendar_without_opening_hours_is_rejected():
    calendar = ServiceCalendar(name="Nooit open", weekly_hours=[[] for _day in range(7)], always_open=False)

    with pytest.raises(ValidationError) as raised:
        calendar.full_clean()

    message = " ".join(raised.value.messages)
    assert "opening hours" in message
    assert "always_open" in message


def test_an_always_open_calendar_needs_no_opening_hours():
    ServiceCalendar(name="24×7", weekly_hours=[], always_open=True, public_holidays="").full_clean()


@pytest.mark.parametrize(
    ("weekly_hours", "expected"),
    [
        ([], "7 entries"),
        ({"monday": ["08:00", "17:00"]}, "7 entries"),
        ([[["08:00", "17:00"]]] * 5, "7 entries"),
        ([[["8:00", "17:00"]]] * 5 + [[], []], "HH:MM"),
        ([[["17:00", "08:00"]]] * 5 + [[], []], "before closing time"),
        ([[["08:00", "12:30"], ["12:00", "17:00"]]] * 5 + [[], []], "overlap"),
        ([[["08:00"]]] * 5 + [[], []], "pair"),
        (["08:00-17:00"] * 5 + [[], []], "list"),
        ([[["08:00", "25:00"]]] * 5 + [[], []], "not a valid time"),
    ],
)
def test_bad_weekly_hours_are_rejected_with_a_message(weekly_hours, expected):
    calendar = ServiceCalendar(name="Kapot", weekly_hours=weekly_hours)

    with pytest.raises(ValidationError) as raised:
        calendar.full_clean()

    assert expected in " ".join(raised.value.messages)


def test_bad_extra_closed_days_are_rejected():
    calendar = ServiceCalendar(name="Kapot", weekly_hours=OFFICE_HOURS, extra_closed_days=["31-12-2024"])

    with pytest.raises(ValidationError):
        calendar.full_clean()


def test_opening_hours_are_shown_per_weekday():
    calendar = ServiceCalendar(
        name="Kantooruren", weekly_hours=[[["08:00", "12:00"], ["13:00", "24:00"]], *OFFICE_HOURS[1:]]
    )

    shown = calendar.opening_hours_display()

    assert str(shown[0][0]) == "maandag"
    assert shown[0][1] == "08:00–12:00, 13:00–24:00"
    assert shown[1][1] == "08:00–17:00"
    assert str(shown[6][1]) == "gesloten"
