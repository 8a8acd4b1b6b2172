from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.history import history_recorded_at
from parties import services
from parties.models import (
    Agreement,
    AgreementKind,
    AgreementTarget,
    Party,
    PartyKind,
    Priority,
    Role,
    RoleAssignment,
    ServiceCalendar,
)
from tests.factories import (
    AgreementFactory,
    ComponentFactory,
    PartyFactory,
    RoleAssignmentFactory,
    ServiceCalendarFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OFFICE_HOURS = [[["08:00", "17:00"]]] * 5 + [[], []]


@pytest.fixture
def actor():
    return UserFactory(username="po", first_name="Petra", last_name="Oosterhout")


@pytest.fixture
def cibg():
    return PartyFactory(name="CIBG", slug="cibg", kind=PartyKind.REGIE)


@pytest.fixture
def kpn(cibg):
    return PartyFactory(name="KPN", slug="kpn", kind=PartyKind.OPERATOR, parent=cibg)


@pytest.fixture
def office():
    return ServiceCalendarFactory(name="Kantooruren", weekly_hours=OFFICE_HOURS)


def rows(instance):
    return list(instance.history.order_by("history_date", "history_id"))


def assert_one_row(instance, *, actor, reason, history_type):
    (row,) = rows(instance)
    assert row.history_user == actor
    assert row.history_change_reason == reason
    assert row.history_type == history_type
    return row


# --- one history row per change, with who and why ----------------------------------------------


def test_party_save_records_who_created_it_and_why(actor, cibg):
    party = services.party_save(
        actor=actor, reason="Nieuwe beheerpartij", name="JustID", slug="justid", kind=PartyKind.OPERATOR, parent=cibg
    )

    assert Party.objects.get(slug="justid").parent == cibg
    assert_one_row(party, actor=actor, reason="Nieuwe beheerpartij", history_type="+")


def test_party_save_records_a_change_as_one_new_row(actor, kpn):
    before = kpn.history.count()

    services.party_save(actor=actor, reason="Omschrijving aangevuld", party=kpn, description="Hosting en netwerk")

    assert kpn.history.count() == before + 1
    latest = kpn.history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        actor,
        "Omschrijving aangevuld",
    )
    assert latest.description == "Hosting en netwerk"


def test_party_save_refuses_a_cycle_and_records_nothing(actor, cibg, kpn):
    before = cibg.history.count()

    with pytest.raises(ValidationError):
        services.party_save(actor=actor, reason="Fout", party=cibg, parent=kpn)

    cibg.refresh_from_db()
    assert cibg.parent is None
    assert cibg.history.count() == before


def test_component_save_records_one_row(actor, kpn):
    component = services.component_save(
        actor=actor,
        reason="Nieuw component",
        name="Backend",
        slug="backend",
        public_name="Achterkant van de app",
        operating_party=kpn,
    )
    assert_one_row(component, actor=actor, reason="Nieuw component", history_type="+")

    services.component_save(actor=actor, reason="Hosting vastgelegd", component=component, hosting_party=kpn)

    latest = component.history.latest()
    assert component.history.count() == 2
    assert (latest.hosting_party_id, latest.history_change_reason) == (kpn.pk, "Hosting vastgelegd")


def test_calendar_save_validates_and_records_one_row(actor):
    calendar = services.calendar_save(actor=actor, reason="Kantooruren", name="Kantooruren", weekly_hours=OFFICE_HOURS)
    assert_one_row(calendar, actor=actor, reason="Kantooruren", history_type="+")

    with pytest.raises(ValidationError):
        services.calendar_save(actor=actor, reason="Nooit open", name="Nooit", weekly_hours=[[]] * 7)
    assert not ServiceCalendar.objects.filter(name="Nooit").exists()


def test_role_assign_records_one_row(actor, kpn):
    person = UserFactory(username="karim")

    assignment = services.role_assign(
        actor=actor,
        reason="Nieuwe behandelaar",
        user=person,
        party=kpn,
        role=Role.OPERATOR,
        valid_from=date(2024, 1, 1),
    )

    assert_one_row(assignment, actor=actor, reason="Nieuwe behandelaar", history_type="+")


def test_role_assign_refuses_the_same_role_twice_in_one_period(actor, kpn):
    person = UserFactory(username="karim")
    RoleAssignmentFactory(user=person, party=kpn, role=Role.OPERATOR, valid_from=date(2024, 1, 1))

    with pytest.raises(ValidationError):
        services.role_assign(
            actor=actor, reason="Dubbel", user=person, party=kpn, role=Role.OPERATOR, valid_from=date(2024, 6, 1)
        )

    assert RoleAssignment.objects.filter(user=person).count() == 1


def test_role_end_sets_the_end_date_and_records_why(actor, kpn):
    assignment = services.role_assign(
        actor=actor,
        reason="Start",
        user=UserFactory(username="karim"),
        party=kpn,
        role=Role.OPERATOR,
        valid_from=date(2024, 1, 1),
    )
    ender = UserFactory(username="architect", first_name="Sander", last_name="Aalbers")

    services.role_end(actor=ender, reason="Uit dienst", assignment=assignment, valid_to=date(2024, 8, 31))

    assignment.refresh_from_db()
    assert assignment.valid_to == date(2024, 8, 31)
    assert assignment.history.count() == 2
    latest = assignment.history.latest()
    assert (latest.valid_to, latest.history_user, latest.history_change_reason) == (
        date(2024, 8, 31),
        ender,
        "Uit dienst",
    )


def test_role_end_before_the_start_is_refused(actor, kpn):
    assignment = RoleAssignmentFactory(party=kpn, valid_from=date(2024, 1, 1))

    with pytest.raises(ValidationError):
        services.role_end(actor=actor, reason="Fout", assignment=assignment, valid_to=date(2023, 12, 31))

    assignment.refresh_from_db()
    assert assignment.valid_to is None


# --- agreements: components and targets in the history ---------------------------------------------


@pytest.fixture
def components(kpn):
    return [
        ComponentFactory(name="Backend", slug="backend", operating_party=kpn),
        ComponentFactory(name="Middleware", slug="middleware", operating_party=kpn),
        ComponentFactory(name="HSM", slug="hsm", operating_party=kpn),
    ]


def save_uc(actor, kpn, cibg, office, components, reason="Contract getekend", **extra):
    fields = {
        "reference": "UC-CIBG-KPN",
        "title": "Infrastructuur",
        "kind": AgreementKind.UC,
        "provider": kpn,
        "customer": cibg,
        "calendar": office,
        "valid_from": date(2024, 1, 1),
    }
    fields.update(extra)
    return services.agreement_save(actor=actor, reason=reason, components=components, **fields)


def components_in(row):
    return {through.component for through in row.components.all()}


def test_agreement_save_records_one_row_listing_the_components(actor, kpn, cibg, office, components):
    agreement = save_uc(actor, kpn, cibg, office, components[:2])

    row = assert_one_row(agreement, actor=actor, reason="Contract getekend", history_type="+")
    assert components_in(row) == set(components[:2])
    assert set(agreement.components.all()) == set(components[:2])


def test_changing_the_components_records_one_row_with_the_new_set(actor, kpn, cibg, office, components):
    agreement = save_uc(actor, kpn, cibg, office, components[:2])
    editor = UserFactory(username="architect")

    save_uc(editor, kpn, cibg, office, components[1:], reason="HSM erbij, backend eraf", agreement=agreement)

    assert agreement.history.count() == 2
    latest = agreement.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "HSM erbij, backend eraf")
    assert components_in(latest) == set(components[1:])
    first = agreement.history.earliest()
    assert components_in(first) == set(components[:2])


def test_agreement_save_records_the_targets_with_the_reason(actor, kpn, cibg, office, components):
    agreement = save_uc(
        actor,
        kpn,
        cibg,
        office,
        components,
        targets=[
            {"priority": Priority.P1, "response_minutes": 15, "resolution_minutes": 240},
            {"priority": Priority.P2, "response_minutes": 60, "resolution_minutes": 960},
        ],
    )

    targets = {target.priority: target for target in agreement.targets.all()}
    assert set(targets) == {Priority.P1, Priority.P2}
    for target in targets.values():
        assert_one_row(target, actor=actor, reason="Contract getekend", history_type="+")

    save_uc(
        actor,
        kpn,
        cibg,
        office,
        components,
        reason="P1 aangescherpt",
        agreement=agreement,
        targets=[{"priority": Priority.P1, "response_minutes": 10, "resolution_minutes": 180}],
    )

    p1 = AgreementTarget.objects.get(agreement=agreement, priority=Priority.P1)
    assert (p1.response_minutes, p1.resolution_minutes) == (10, 180)
    assert p1.history.count() == 2
    assert p1.history.latest().history_change_reason == "P1 aangescherpt"
    # A priority left out is kept as it was, without a new history row.
    assert AgreementTarget.objects.get(agreement=agreement, priority=Priority.P2).history.count() == 1


def test_an_invalid_target_rolls_back_the_whole_agreement(actor, kpn, cibg, office, components):
    with pytest.raises(ValidationError):
        save_uc(
            actor,
            kpn,
            cibg,
            office,
            components,
            targets=[
                {"priority": Priority.P1, "response_minutes": 15, "resolution_minutes": 240},
                {"priority": Priority.P2, "response_minutes": 60, "resolution_minutes": 30},
            ],
        )

    assert not Agreement.objects.exists()
    assert not AgreementTarget.objects.exists()
    assert not Agreement.history.exists()
    assert not AgreementTarget.history.exists()


def test_an_invalid_agreement_changes_nothing(actor, kpn, cibg, office, components):
    with pytest.raises(ValidationError):
        save_uc(actor, kpn, cibg, office, components, valid_from=date(2024, 6, 1), valid_to=date(2024, 1, 1))

    assert not Agreement.objects.exists()
    assert not Agreement.history.exists()


def test_a_refused_change_keeps_the_agreement_as_it_was(actor, kpn, cibg, office, components):
    AgreementFactory(
        reference="UC-OUD",
        provider=kpn,
        customer=cibg,
        calendar=office,
        valid_from=date(2023, 1, 1),
        valid_to=date(2023, 12, 31),
        components=[components[2]],
    )
    agreement = save_uc(actor, kpn, cibg, office, components[:2])

    with pytest.raises(ValidationError):
        save_uc(
            actor,
            kpn,
            cibg,
            office,
            components,
            reason="Terug in de tijd",
            agreement=agreement,
            valid_from=date(2023, 6, 1),
        )

    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.valid_from == date(2024, 1, 1)
    assert set(agreement.components.all()) == set(components[:2])
    assert agreement.history.count() == 1


# --- dating history rows ----------------------------------------------------------------------------


def test_history_recorded_at_dates_the_rows_written_inside_it(actor):
    moment = datetime(2020, 10, 1, 7, 0, tzinfo=UTC)

    with history_recorded_at(moment):
        party = services.party_save(actor=actor, reason="Overgang", name="KPN", slug="kpn", kind=PartyKind.OPERATOR)

    assert party.history.get().history_date == moment


def test_history_recorded_at_does_not_leak_into_later_saves_of_the_instance(actor):
    moment = datetime(2020, 10, 1, 7, 0, tzinfo=UTC)
    with history_recorded_at(moment):
        party = services.party_save(actor=actor, reason="Overgang", name="KPN", slug="kpn", kind=PartyKind.OPERATOR)

    before = timezone.now()
    services.party_save(actor=actor, reason="Later", party=party, description="Nu")

    latest = party.history.latest()
    assert latest.history_change_reason == "Later"
    assert latest.history_date >= before
    # "As of" the transition day the party is as it was then.
    assert Party.history.as_of(datetime(2020, 10, 2, tzinfo=UTC)).get(pk=party.pk).description == ""


def test_history_recorded_at_dates_an_agreement_with_its_components(actor, kpn, cibg, office, components):
    moment = datetime(2020, 10, 1, 7, 0, tzinfo=UTC)

    with history_recorded_at(moment):
        agreement = save_uc(actor, kpn, cibg, office, components[:1])

    assert [row.history_date for row in agreement.history.all()] == [moment]
