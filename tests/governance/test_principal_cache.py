"""The user's standing in the chain: one query, and with a shared cache none, never stale after a write to a
role assignment or to the party tree (parties.access, parties.signals)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parties import services
from parties.access import principal_for
from parties.models import Party, PartyKind, Role, RoleAssignment
from tests.factories import UserFactory


@pytest.fixture
def shared_cache(settings):
    settings.PRINCIPAL_CACHE_TIMEOUT = 600
    cache.clear()
    yield
    cache.clear()


def fresh(username):
    """The user as the next request loads it (nothing remembered on the object)."""
    return get_user_model().objects.get(username=username)


def standing(username, on=None):
    principal = principal_for(fresh(username), on)
    return principal.party_ids, principal.chain_party_ids, principal.roles, principal.party_kinds


def with_subcontractors(party_ids) -> frozenset[int]:
    """The given parties and everyone below them in the subcontracting chain, level by level."""
    found, frontier = set(party_ids), set(party_ids)
    while frontier:
        frontier = set(Party.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return frozenset(found)


def old_standing(user, on):
    """The standing as it was worked out before: assignments, then the party tree level by level."""
    assignments = list(RoleAssignment.objects.active_on(on).filter(user=user).select_related("party"))
    party_ids = frozenset(assignment.party_id for assignment in assignments)
    return (
        party_ids,
        with_subcontractors(party_ids),
        frozenset(assignment.role for assignment in assignments),
        frozenset(assignment.party.kind for assignment in assignments),
    )


def test_one_query_gives_every_demo_user_the_same_standing_as_before(demo_chain):
    for user in get_user_model().objects.all():
        for on in (timezone.localdate(), date(2020, 9, 30), date(2021, 2, 15)):
            loaded = fresh(user.username)
            with CaptureQueriesContext(connection) as queries:
                principal = principal_for(loaded, on)
            assert len(queries) == 1
            expected = old_standing(user, on)
            assert (principal.party_ids, principal.chain_party_ids, principal.roles, principal.party_kinds) == expected


def test_without_a_shared_cache_every_request_reads_the_database(demo_chain, settings):
    settings.PRINCIPAL_CACHE_TIMEOUT = 0
    principal_for(fresh("kpn"))
    user = fresh("kpn")
    with CaptureQueriesContext(connection) as queries:
        principal_for(user)
        principal_for(user)  # the same request: kept on the user object
    assert len(queries) == 1


def test_with_a_shared_cache_the_next_request_reads_no_database(demo_chain, shared_cache):
    expected = standing("kpn")
    user = fresh("kpn")
    with CaptureQueriesContext(connection) as queries:
        assert (
            principal_for(user).party_ids,
            principal_for(user).chain_party_ids,
            principal_for(user).roles,
            principal_for(user).party_kinds,
        ) == expected
    assert len(queries) == 0


def test_the_cache_is_kept_per_day(demo_chain, shared_cache):
    assert principal_for(fresh("kpn")).is_chain_member
    assert not principal_for(fresh("kpn"), on=date(2020, 9, 30)).is_chain_member  # before the transition
    assert principal_for(fresh("kpn")).is_chain_member


def test_an_ended_role_is_not_read_from_the_cache(demo_chain, shared_cache, django_capture_on_commit_callbacks):
    assert principal_for(fresh("kpn")).is_chain_member
    actor = fresh("beheerder")
    with django_capture_on_commit_callbacks(execute=True):
        for assignment in RoleAssignment.objects.filter(user__username="kpn"):
            services.role_end(
                actor=actor, reason="Uit dienst", assignment=assignment, valid_to=timezone.localdate() - timedelta(1)
            )

    assert not principal_for(fresh("kpn")).is_chain_member
    assert principal_for(fresh("po")).sees_everything  # everyone else is read again, still right


def test_a_new_role_is_not_hidden_by_the_cache(demo_chain, shared_cache, django_capture_on_commit_callbacks):
    person = UserFactory(username="newcomer")
    assert not principal_for(fresh("newcomer")).is_chain_member
    with django_capture_on_commit_callbacks(execute=True):
        services.role_assign(
            actor=fresh("beheerder"),
            reason="Nieuwe collega",
            user=person,
            party=Party.objects.get(slug="cibg"),
            role=Role.PRODUCT_OWNER,
            valid_from=timezone.localdate(),
        )

    principal = principal_for(fresh("newcomer"))
    assert principal.sees_everything
    assert principal.has_role(Role.PRODUCT_OWNER)


def test_a_change_in_the_party_tree_is_not_hidden_by_the_cache(
    demo_chain, shared_cache, django_capture_on_commit_callbacks
):
    kpn = Party.objects.get(slug="kpn")
    assert kpn.pk not in principal_for(fresh("dictu")).chain_party_ids
    with django_capture_on_commit_callbacks(execute=True):
        services.party_save(
            actor=fresh("beheerder"),
            reason="KPN werkt voortaan voor DICTU",
            party=kpn,
            parent=Party.objects.get(slug="dictu"),
        )

    assert kpn.pk in principal_for(fresh("dictu")).chain_party_ids


def test_a_write_outside_the_services_is_not_hidden_by_the_cache(
    demo_chain, shared_cache, django_capture_on_commit_callbacks
):
    """The admin and anything else that saves or deletes the model instances."""
    assert principal_for(fresh("kpn")).is_chain_member
    with django_capture_on_commit_callbacks(execute=True):
        RoleAssignment.objects.get(user__username="kpn").delete()
    assert not principal_for(fresh("kpn")).is_chain_member

    with django_capture_on_commit_callbacks(execute=True):
        RoleAssignment.objects.create(
            user=fresh("kpn"), party=Party.objects.get(slug="kpn"), role=Role.OPERATOR, valid_from=date(2020, 1, 1)
        )
    assert principal_for(fresh("kpn")).is_chain_member

    with django_capture_on_commit_callbacks(execute=True):
        Party.objects.filter(slug="kpn").update(kind=PartyKind.REGIE)  # an update() sends no signal …
        party = Party.objects.get(slug="kpn")
        party.save()  # … the save that follows it does
    assert principal_for(fresh("kpn")).sees_everything


def test_a_rolled_back_write_leaves_the_cache_as_it_was(demo_chain, shared_cache, django_capture_on_commit_callbacks):
    """Nothing is replaced before the write commits, so no request can cache the old rows as new."""
    assert principal_for(fresh("kpn")).is_chain_member
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        RoleAssignment.objects.get(user__username="kpn").delete()
    assert callbacks  # replaced only when (and if) the transaction commits


def test_superuser_status_is_never_read_from_the_cache(demo_chain, shared_cache):
    user = UserFactory(username="nobody")
    assert not principal_for(fresh("nobody")).sees_everything
    user.is_superuser = True
    user.save()
    assert principal_for(fresh("nobody")).sees_everything
