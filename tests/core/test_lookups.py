"""`field__any_of`: the rows `__in` finds, however many values are named."""

import pytest

from parties.models import Party
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds():
    first, second, _third = PartyFactory.create_batch(3)
    many = [first.pk, second.pk, *range(10**9, 10**9 + 20_000)]  # a weekly report names thousands of records

    found = set(Party.objects.filter(pk__any_of=many).values_list("pk", flat=True))

    assert found == {first.pk, second.pk} == set(Party.objects.filter(pk__in=many).values_list("pk", flat=True))


def test_any_of_nothing_finds_nothing():
    PartyFactory()

    assert not Party.objects.filter(pk__any_of=[]).exists()
    assert not Party.objects.filter(pk__any_of=[None]).exists()


def test_any_of_a_subquery_is_in():
    party = PartyFactory()

    assert list(Party.objects.filter(pk__any_of=Party.objects.filter(pk=party.pk).values("pk"))) == [party]
