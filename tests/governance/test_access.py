from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from parties import services
from parties.access import principal_for
from parties.models import (
    Agreement,
    AgreementKind,
    Component,
    Party,
    PartyKind,
    Role,
    RoleAssignment,
    ServiceCalendar,
)
from tests.factories import AgreementFactory, PartyFactory, RoleAssignmentFactory, UserFactory


def visible(user):
    """What the user may see, by natural key, per model."""
    return {
        "parties": set(Party.objects.visible_to(user).values_list("slug", flat=True)),
        "components": set(Component.objects.visible_to(user).values_list("slug", flat=True)),
        "roles": set(RoleAssignment.objects.visible_to(user).values_list("user__username", flat=True)),
        "agreements": set(Agreement.objects.visible_to(user).values_list("reference", flat=True)),
        "calendars": set(ServiceCalendar.objects.visible_to(user).values_list("name", flat=True)),
    }


def everything():
    """Every record on file, by natural key, per model."""
    return {
        "parties": set(Party.objects.values_list("slug", flat=True)),
        "components": set(Component.objects.values_list("slug", flat=True)),
        "roles": set(RoleAssignment.objects.values_list("user__username", flat=True)),
        "agreements": set(Agreement.objects.values_list("reference", flat=True)),
        "calendars": set(ServiceCalendar.objects.values_list("name", flat=True)),
    }


NOTHING = {"parties": set(), "components": set(), "roles": set(), "agreements": set(), "calendars": set()}


@pytest.mark.parametrize("username", ["po", "architect", "cibg", "beheerder", "vws"])
def test_regie_and_business_owner_members_see_everything(demo_user, username):
    seen = visible(demo_user(username))

    assert seen == everything()
    assert {"UC-CIBG-DICTU", "UC-CIBG-KPN", "SLA-VWS-CIBG"} <= seen["agreements"]


@pytest.mark.parametrize(
    ("username", "agreement"),
    [
        ("kpn", "UC-CIBG-KPN"),
        ("dictu", "UC-CIBG-DICTU"),
        ("justid", "UC-CIBG-JUSTID"),
        ("kdnv", "UC-CIBG-KDNV"),
        ("security", "UC-CIBG-SECURITY"),
    ],
)
def test_an_operator_sees_its_own_agreements_and_role_assignments(demo_user, username, agreement):
    seen = visible(demo_user(username))

    assert seen["agreements"] == {agreement}
    assert seen["roles"] == {username}
    assert seen["parties"] == everything()["parties"]
    assert seen["components"] == everything()["components"]
    assert seen["calendars"] == everything()["calendars"]


def test_an_operator_without_agreements_sees_none(demo_user):
    seen = visible(demo_user("website"))

    assert seen["agreements"] == set()
    assert seen["roles"] == {"website"}


def test_an_operator_sees_what_its_subcontractors_agreed_and_who_works_there(demo_chain, demo_user):
    kpn, cibg = Party.objects.get(slug="kpn"), Party.objects.get(slug="cibg")
    datacenter = PartyFactory(name="Datacenter Noord", slug="datacenter", kind=PartyKind.HOSTING, parent=kpn)
    AgreementFactory(
        reference="UC-KPN-DATACENTER",
        kind=AgreementKind.UC,
        provider=datacenter,
        customer=kpn,
        calendar=ServiceCalendar.objects.get(name="24×7"),
    )
    RoleAssignmentFactory(user=UserFactory(username="dc-operator"), party=datacenter, role=Role.OPERATOR)
    assert datacenter.parent.parent == cibg

    assert visible(demo_user("kpn"))["agreements"] == {"UC-CIBG-KPN", "UC-KPN-DATACENTER"}
    assert visible(demo_user("kpn"))["roles"] == {"kpn", "dc-operator"}
    assert "UC-KPN-DATACENTER" not in visible(demo_user("dictu"))["agreements"]
    assert visible(demo_user("dc-operator"))["agreements"] == {"UC-KPN-DATACENTER"}


def test_a_reporter_sees_only_its_own_party(demo_user):
    assert visible(demo_user("ggd")) == {**NOTHING, "parties": {"ggd-ghor"}}


def test_anonymous_sees_nothing(demo_chain):
    assert visible(AnonymousUser()) == NOTHING
    assert visible(None) == NOTHING


def test_a_user_without_any_role_sees_nothing(demo_chain):
    assert visible(UserFactory(username="nobody")) == NOTHING


def ended(demo_user, username, valid_to):
    """End the user's role assignments on `valid_to` and return the user freshly loaded."""
    actor = demo_user("beheerder")
    for assignment in RoleAssignment.objects.filter(user__username=username):
        services.role_end(actor=actor, reason="Uit dienst", assignment=assignment, valid_to=valid_to)
    return demo_user(username)


@pytest.mark.parametrize("username", ["kpn", "po", "vws"])
def test_a_user_whose_role_has_ended_loses_access(demo_user, username):
    user = ended(demo_user, username, timezone.localdate() - timedelta(days=1))

    assert visible(user) == NOTHING
    assert not principal_for(user).is_chain_member


def test_a_role_ending_today_still_counts_today(demo_user):
    user = ended(demo_user, "kpn", timezone.localdate())

    assert visible(user)["agreements"] == {"UC-CIBG-KPN"}


def test_a_role_starting_tomorrow_gives_no_access_yet(demo_chain):
    person = UserFactory(username="newcomer")
    RoleAssignmentFactory(
        user=person,
        party=Party.objects.get(slug="cibg"),
        role=Role.OPERATOR,
        valid_from=timezone.localdate() + timedelta(days=1),
    )

    assert visible(person) == NOTHING


def test_standing_can_be_asked_for_another_day(demo_user):
    kpn = demo_user("kpn")

    assert principal_for(kpn).is_chain_member
    assert not principal_for(kpn, on=date(2020, 9, 30)).is_chain_member  # before the transition


@pytest.mark.parametrize(
    ("username", "read_only"),
    [("vws", True), ("po", False), ("kpn", False), ("ggd", False), ("beheerder", False)],
)
def test_only_the_business_owner_viewer_is_read_only(demo_user, username, read_only):
    assert principal_for(demo_user(username)).is_read_only is read_only


def test_anonymous_is_read_only_and_outside_the_chain():
    principal = principal_for(AnonymousUser())

    assert principal.is_read_only
    assert not principal.is_chain_member
    assert not principal.sees_everything
